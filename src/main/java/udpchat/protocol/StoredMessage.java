package udpchat.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import udpchat.console.ConsoleLines;

/**
 * One mailbox entry, on the wire {@code [from, T, message, is_group]}. A receipt has
 * {@code from = null} and the receipt line as its message.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"from", "time", "message", "group"})
public record StoredMessage(String from, String time, String message, boolean group) {
  public StoredMessage {
    Fields.time("time", time);
    Fields.required("message", message);
    if (from != null) {
      Fields.name("from", from);
    }
  }

  public static StoredMessage direct(String from, String time, String message) {
    return new StoredMessage(from, time, message, false);
  }

  public static StoredMessage group(String from, String time, String message) {
    return new StoredMessage(from, time, message, true);
  }

  /** A delivery receipt for the sender: {@code recipient} has received what was sent at {@code time}. */
  public static StoredMessage receipt(String recipient, String time) {
    return new StoredMessage(null, time, ConsoleLines.offlineReceipt(time, recipient), false);
  }

  @JsonIgnore
  public boolean isReceipt() {
    return from == null;
  }
}
