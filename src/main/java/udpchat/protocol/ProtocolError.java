package udpchat.protocol;

/**
 * The refusals whose wording the protocol fixes, because a client acts on them: the {@code
 * message} of an {@link Packet.ErrorReply} answering a {@code to_offline} for {@code name}. Other
 * refusals are free text, only printed.
 */
public enum ProtocolError {
  /** The recipient is online after all; the error's table carries its current entry. */
  CLIENT_EXISTS("[Client ", " exists!!]"),
  /** The recipient's mailbox holds as many messages as it may: nothing was stored. */
  MAILBOX_FULL("[Mailbox of ", " is full.]");

  private final String before;
  private final String after;

  ProtocolError(String before, String after) {
    this.before = before;
    this.after = after;
  }

  /** The error's {@code message} about the client {@code name}. */
  public String message(String name) {
    return before + name + after;
  }

  /** True when {@code error} is this refusal about {@code name}. */
  public boolean matches(Packet.ErrorReply error, String name) {
    String text = error.message();
    return text.length() == before.length() + name.length() + after.length()
        && text.startsWith(before)
        && text.endsWith(after)
        && text.regionMatches(before.length(), name, 0, name.length());
  }
}
