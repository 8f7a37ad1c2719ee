package udpchat;

/** Placeholder: the command line is built in Main (picocli). */
public final class Main {
  public static void main(String[] args) {}
}
