package udpchat.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import udpchat.console.ConsoleLines;

/**
 * One mailbox entry, on the wire {@code [from, T, message, is_group]} or, when its recipient may
 * already have been shown it, {@code [from, T, message, is_group, id]}. A receipt has {@code from
 * = null} and the receipt line as its message.
 *
 * <p>{@code id} names the entry for its recipient, who remembers it once shown and skips the entry
 * when it comes again: in the same mailbox offered in a new packet (every ACK of the last offer
 * lost), or after the packet that first carried it. It is the id of the packet that may already
 * have shown the entry: a direct message's {@code msg} id (from its sender's address), or the id of
 * the {@code GC} or {@code receipt} the server sent the recipient (from the server's address)
 * before it found the recipient silent. An entry no packet has carried yet gets an id no packet
 * will carry: a direct message its {@code to_offline}'s id (the sender's), a group message or a
 * receipt one of the server's ids. Absent ({@code null}) only in entries stored by an older
 * server, and in the seed's four-element form, which is still read.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"from", "time", "message", "group", "id"})
@JsonSerialize(using = StoredMessage.AsArray.class)
public record StoredMessage(String from, String time, String message, boolean group, Long id) {
  public StoredMessage {
    Fields.time("time", time);
    Fields.required("message", message);
    if (from != null) {
      Fields.name("from", from);
    }
    if (id != null) {
      Fields.id("offline_messages id", id);
    }
  }

  /** An entry its recipient cannot have been shown before. */
  public StoredMessage(String from, String time, String message, boolean group) {
    this(from, time, message, group, null);
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

  /** The same entry, marked as possibly shown already by the packet with this id. */
  public StoredMessage shownAs(long packetId) {
    return new StoredMessage(from, time, message, group, packetId);
  }

  @JsonIgnore
  public boolean isReceipt() {
    return from == null;
  }

  /** Writes the seed's four elements, and the id only when there is one. */
  static final class AsArray extends StdSerializer<StoredMessage> {
    AsArray() {
      super(StoredMessage.class);
    }

    @Override
    public void serialize(StoredMessage stored, JsonGenerator json, SerializerProvider provider)
        throws IOException {
      json.writeStartArray();
      if (stored.from() == null) {
        json.writeNull();
      } else {
        json.writeString(stored.from());
      }
      json.writeString(stored.time());
      json.writeString(stored.message());
      json.writeBoolean(stored.group());
      if (stored.id() != null) {
        json.writeNumber(stored.id());
      }
      json.writeEndArray();
    }
  }
}
