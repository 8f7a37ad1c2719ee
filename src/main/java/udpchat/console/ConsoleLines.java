package udpchat.console;

/**
 * The wording of every line a person sees (SPEC §2), in one place. Each method returns the text
 * that follows {@code ">>> "}. The seed's quirks are kept on purpose: two spaces after
 * {@code Group Chat x:}, the leading space of a receipt.
 */
public final class ConsoleLines {
  /** Shown in place of a character that must not reach the terminal. */
  private static final int REPLACEMENT = 0xFFFD;

  private ConsoleLines() {}

  // Server
  public static String serverListening(int port) {
    return "[Server listening on port " + port + ".]";
  }

  public static String tableUpdated() {
    return "[Client table updated.]";
  }

  /**
   * The table line of a server whose table is too big to print whole: the entries that changed,
   * in the seed's form, then how many clients there are in all.
   */
  public static String tableChanges(String changedEntries, int changed, int total) {
    return changedEntries + " (" + changed + " changed of " + total + " clients)";
  }

  // Client: registration and session
  public static String welcome() {
    return "[Welcome, You are registered.]";
  }

  public static String invalidName() {
    return "[Invalid Name]";
  }

  public static String exiting() {
    return "[Exiting]";
  }

  public static String serverNotResponding() {
    return "[Server not responding]";
  }

  public static String regSent() {
    return "[RegSent]";
  }

  public static String offlineBye() {
    return "[You are Offline. Bye.]";
  }

  public static String youHaveOfflineMessages() {
    return "[You have offline messages:]";
  }

  public static String alreadyOnline() {
    return "[You are already online.]";
  }

  public static String offlineOnly() {
    return "[You are offline. Use reg to come back online.]";
  }

  // Client: direct messages
  public static String messageReceivedBy(String name) {
    return "[Message received by " + name + ".]";
  }

  public static String noAckSentToServer(String name) {
    return "[No ACK from " + name + ", message sent to server.]";
  }

  public static String offlineSaved(String time) {
    return "[Offline Message sent at " + time + " received by the server and saved.]";
  }

  /** A receipt: note the leading space, as in the seed. */
  public static String offlineReceipt(String time, String recipient) {
    return " [Offline Message sent at " + time + " received by " + recipient + ".]";
  }

  /** Printed when the server says the recipient is online (the protocol's words, shown as is). */
  public static String clientExists(String name) {
    return "[Client " + name + " exists!!]";
  }

  public static String notDelivered(String name) {
    return "[Message to " + name + " not delivered.]";
  }

  public static String notSavedMailboxFull(String name) {
    return "[Message to " + name + " not saved: mailbox full.]";
  }

  public static String messageTooLong(int characters, int limit) {
    return "[Message too long: " + characters + " characters, the limit is " + limit + ".]";
  }

  public static String noSuchClient(String name) {
    return "[No client named " + name + ".]";
  }

  public static String incomingDirect(String from, String message) {
    return from + ": " + shown(message);
  }

  public static String storedDirect(String from, String time, String message) {
    return from + ": " + time + " " + shown(message);
  }

  /** A receipt kept in the mailbox: its message is already the receipt line. */
  public static String storedReceipt(String line) {
    return shown(line);
  }

  // Client: group chat
  public static String groupReceivedByServer() {
    return "[Group Message received by Server.]";
  }

  public static String incomingGroup(String from, String message) {
    return "Group Chat " + from + ":  " + shown(message);
  }

  public static String storedGroup(String from, String time, String message) {
    return "Group Chat " + from + ": " + time + " " + shown(message);
  }

  // Client: commands
  public static String invalidCommand() {
    return "[Invalid command]";
  }

  public static String usage(String usage) {
    return "[Usage: " + usage + "]";
  }

  /** One {@code list} line: a client as this client's table knows it. */
  public static String listEntry(String name, String ip, int port, boolean online) {
    return name + " " + ip + ":" + port + " " + (online ? "online" : "offline");
  }

  /** One {@code help} line: a command's usage and what it does. */
  public static String helpEntry(String usage, String meaning) {
    return String.format("%-22s %s", usage, meaning);
  }

  /** The server refused a request for a reason the protocol states in {@code message}. */
  public static String serverRefused(String message) {
    return "[Server refused the request: " + shown(message) + "]";
  }

  /**
   * Text from the network as it may be printed: control characters (which could move the cursor,
   * clear the screen or start a line that looks like the program's own), the invisible marks that
   * reorder text, and broken surrogates each become U+FFFD. Tabs stay.
   */
  static String shown(String text) {
    if (text.codePoints().noneMatch(ConsoleLines::isUnsafe)) {
      return text;
    }
    StringBuilder safe = new StringBuilder(text.length());
    text.codePoints().forEach(c -> safe.appendCodePoint(isUnsafe(c) ? REPLACEMENT : c));
    return safe.toString();
  }

  private static boolean isUnsafe(int c) {
    int type = Character.getType(c);
    return (type == Character.CONTROL && c != '\t')
        || type == Character.SURROGATE
        || c == 0x200E
        || c == 0x200F
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
