package udpchat.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets how many tries a fuzz property runs from the system property {@code udpchat.fuzz.tries}:
 * the number of generated datagrams each fuzz target gets (default {@value #DEFAULT_DATAGRAMS},
 * small enough for CI). A property whose try sends several datagrams says how many with
 * {@link DatagramsPerTry}, and runs that many times fewer tries.
 */
public final class FuzzTries implements AroundPropertyHook {
  public static final String PROPERTY = "udpchat.fuzz.tries";
  public static final int DEFAULT_DATAGRAMS = 5_000;

  /** How many datagrams one try of the annotated property sends. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  public @interface DatagramsPerTry {
    int value();
  }

  /** The datagrams each fuzz target gets in this run. */
  public static int datagrams() {
    return Integer.getInteger(PROPERTY, DEFAULT_DATAGRAMS);
  }

  /** Declared on a test class, it applies to every property in it. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    int perTry =
        context.findAnnotation(DatagramsPerTry.class).map(DatagramsPerTry::value).orElse(1);
    context.attributes().setTries(Math.max(1, (datagrams() + perTry - 1) / perTry));
    return property.execute();
  }
}
