package udpchat.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM of its own, started by a test or the benchmark: this JDK's
 * {@code java}, JVM options and {@code -D} settings, then the jar or a main class on this JVM's
 * class path, then its arguments.
 *
 * @param options the JVM options and settings so far
 */
public record JavaCommand(List<String> options) {
  public JavaCommand {
    options = List.copyOf(options);
  }

  /** The JDK's defaults: a process measured as a user would run it. */
  public static JavaCommand standard() {
    return new JavaCommand(List.of());
  }

  /**
   * A small, quick-starting JVM: such processes run for seconds, several at once, on cores
   * shared with the build.
   */
  public static JavaCommand light() {
    return new JavaCommand(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
  }

  public JavaCommand with(String... more) {
    List<String> all = new ArrayList<>(options);
    all.addAll(List.of(more));
    return new JavaCommand(all);
  }

  public JavaCommand with(List<String> more) {
    return with(more.toArray(String[]::new));
  }

  /** {@code -Dkey=value}. */
  public JavaCommand setting(String key, Object value) {
    return with("-D" + key + "=" + value);
  }

  /** {@code java … -jar jar args}. */
  public List<String> jar(Path jar, List<String> args) {
    return command(List.of("-jar", jar.toAbsolutePath().toString()), args);
  }

  /** {@code java … -cp <this JVM's class path> udpchat.Main args}: a node from the test classes. */
  public List<String> node(List<String> args) {
    return main("udpchat.Main", args);
  }

  /** {@code java … -cp <this JVM's class path> mainClass args}. */
  public List<String> main(String mainClass, List<String> args) {
    return command(List.of("-cp", System.getProperty("java.class.path"), mainClass), args);
  }

  private List<String> command(List<String> what, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(what);
    command.addAll(args);
    return List.copyOf(command);
  }
}
