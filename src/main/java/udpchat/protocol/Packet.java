package udpchat.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Every datagram UdpChat sends: one JSON object whose {@code "type"} picks the record below.
 * Field names are written snake_case on the wire ({@code nameFrom} is {@code "name_from"}).
 * Adding a type is one record plus one {@link JsonSubTypes.Type} line.
 *
 * <p>Packets that are waited on are {@link Request}s: they carry an {@code id}, and the answer
 * ({@link Ack}, {@link ConfReg}, {@link NoReg}, {@link StatusConfirm} or {@link ErrorReply})
 * echoes it. A retransmission reuses the id.
 *
 * <p>A {@code token} is the client's {@link SessionToken}, issued by {@link ConfReg}: the client
 * puts it on what it sends the server, the server on what it sends the client unasked. The codec
 * only checks its form where present; whether a packet needs one is the receiving node's rule,
 * so a packet without one is refused with a reason rather than dropped unread.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Packet.Freg.class, name = "freg"),
  @JsonSubTypes.Type(value = Packet.ConfReg.class, name = "conf_reg"),
  @JsonSubTypes.Type(value = Packet.NoReg.class, name = "no_reg"),
  @JsonSubTypes.Type(value = Packet.Dereg.class, name = "dereg"),
  @JsonSubTypes.Type(value = Packet.Reg.class, name = "reg"),
  @JsonSubTypes.Type(value = Packet.GroupChat.class, name = "GC"),
  @JsonSubTypes.Type(value = Packet.ToOffline.class, name = "to_offline"),
  @JsonSubTypes.Type(value = Packet.DirectMessage.class, name = "msg"),
  @JsonSubTypes.Type(value = Packet.OfflineMessages.class, name = "offline_messages"),
  @JsonSubTypes.Type(value = Packet.Receipt.class, name = "receipt"),
  @JsonSubTypes.Type(value = Packet.StatusCheck.class, name = "status_check"),
  @JsonSubTypes.Type(value = Packet.StatusConfirm.class, name = "status_confirm"),
  @JsonSubTypes.Type(value = Packet.TableUpdate.class, name = "table_update"),
  @JsonSubTypes.Type(value = Packet.TableSync.class, name = "table_sync"),
  @JsonSubTypes.Type(value = Packet.Ack.class, name = "ack"),
  @JsonSubTypes.Type(value = Packet.ErrorReply.class, name = "error"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Packet {

  /** A packet its sender waits on: it is retransmitted with the same id until answered. */
  sealed interface Request extends Packet {
    long id();
  }

  /** An answer to a {@link Request}: it echoes the request's id. */
  sealed interface Reply extends Packet {
    long id();
  }

  /** A request a client makes of the server; every one but {@link Freg} carries its session. */
  sealed interface ClientRequest extends Request {}

  /**
   * What the server sends a client unasked. Each copy carries its recipient's session token, and
   * a client acts on it only from the server's address with its own token.
   */
  sealed interface ServerPush extends Packet {
    String token();
  }

  /**
   * What only a client that is online answers. A client offline after dereg ignores it, so the
   * server goes on counting it offline and stores what it could not deliver.
   */
  sealed interface ForOnlineClient extends Packet {}

  /** First registration: {@code message} is {@code [name, client-port]}. Client → server. */
  record Freg(long id, NamePort message) implements ClientRequest {
    public Freg {
      Fields.id(id);
      Fields.required("message", message);
    }
  }

  /**
   * Registration accepted, with a new session token and the first part of the whole client table
   * as of table {@code version}; parts 2 to {@code parts} follow as {@link TableUpdate}s with base
   * 0. Server → client, answers {@link Freg}.
   */
  record ConfReg(long id, long version, int parts, ClientTable table, String token)
      implements Reply {
    public ConfReg {
      Fields.id(id);
      Fields.version("version", version);
      Fields.count("parts", parts);
      Fields.required("table", table);
      Fields.token("token", token);
    }

    /** The whole table in one part, at version 0 (tests). */
    public ConfReg(long id, ClientTable table, String token) {
      this(id, 0, 1, table, token);
    }
  }

  /** Registration refused: the name belongs to another address. Answers {@link Freg}. */
  record NoReg(long id, String message) implements Reply {
    public NoReg {
      Fields.id(id);
      Fields.required("message", message);
    }
  }

  /** Go offline. Client → server, answered by {@link Ack}. */
  record Dereg(long id, String name, String token) implements ClientRequest {
    public Dereg {
      Fields.id(id);
      Fields.name("name", name);
      Fields.optionalToken("token", token);
    }
  }

  /** Come back online. Client → server, answered by {@link Ack}, then {@link OfflineMessages}. */
  record Reg(long id, String name, String token) implements ClientRequest {
    public Reg {
      Fields.id(id);
      Fields.name("name", name);
      Fields.optionalToken("token", token);
    }
  }

  /**
   * A group message: client → server ({@code name} = sender, the sender's token), then server →
   * each online client (the recipient's token).
   */
  record GroupChat(long id, String name, String message, String token)
      implements ClientRequest, ServerPush, ForOnlineClient {
    public GroupChat {
      Fields.id(id);
      Fields.name("name", name);
      Fields.required("message", message);
      Fields.optionalToken("token", token);
    }
  }

  /**
   * A direct message its recipient did not ACK, handed to the server. {@code timestamp} is
   * HH:mm:ss. {@code msgId} (optional, on the wire {@code msg_id}) is the id of the {@code msg}
   * that was tried first: the recipient may have shown it and only its ACK been lost, so the
   * server stores the id with the message and the recipient skips it if it has shown it.
   */
  record ToOffline(
      long id,
      String nameFrom,
      String nameTo,
      String timestamp,
      String message,
      String token,
      Long msgId)
      implements ClientRequest {
    public ToOffline {
      Fields.id(id);
      Fields.name("name_from", nameFrom);
      Fields.name("name_to", nameTo);
      Fields.time("timestamp", timestamp);
      Fields.required("message", message);
      Fields.optionalToken("token", token);
      if (msgId != null) {
        Fields.id("msg_id", msgId);
      }
    }

    /** Without the id of a direct message tried first. */
    public ToOffline(
        long id, String nameFrom, String nameTo, String timestamp, String message, String token) {
      this(id, nameFrom, nameTo, timestamp, message, token, null);
    }
  }

  /** A direct message, client → client. */
  record DirectMessage(long id, String nameFrom, String msg) implements Request, ForOnlineClient {
    public DirectMessage {
      Fields.id(id);
      Fields.name("name_from", nameFrom);
      Fields.required("msg", msg);
    }
  }

  /**
   * A client's mailbox, oldest first, sent after {@link Reg} (possibly empty). Server → client. A
   * mailbox too big for one datagram goes in parts, one after the other; every part but the first
   * is {@code continued} (on the wire {@code "continued": true}; absent means false).
   */
  record OfflineMessages(
      long id, List<StoredMessage> offlineMessages, Boolean continued, String token)
      implements Request, ServerPush {
    public OfflineMessages {
      Fields.id(id);
      Fields.required("offline_messages", offlineMessages);
      Fields.noNulls("offline_messages", offlineMessages);
      offlineMessages = List.copyOf(offlineMessages);
      continued = Boolean.TRUE.equals(continued) ? Boolean.TRUE : null;
      Fields.optionalToken("token", token);
    }

    /** The first part, or the whole mailbox. */
    public static OfflineMessages first(long id, List<StoredMessage> messages, String token) {
      return new OfflineMessages(id, messages, null, token);
    }

    @JsonIgnore
    public boolean isContinuation() {
      return continued != null;
    }
  }

  /**
   * Tells an online sender that {@code name} has now received the offline message it sent at
   * {@code timestamp}. Server → client.
   */
  record Receipt(long id, String name, String timestamp, String token)
      implements Request, ServerPush, ForOnlineClient {
    public Receipt {
      Fields.id(id);
      Fields.name("name", name);
      Fields.time("timestamp", timestamp);
      Fields.optionalToken("token", token);
    }
  }

  /** Is this client alive? Server → client, answered by {@link StatusConfirm} when online. */
  record StatusCheck(long id, String token) implements Request, ServerPush, ForOnlineClient {
    public StatusCheck {
      Fields.id(id);
      Fields.optionalToken("token", token);
    }
  }

  /** "I am alive", answers {@link StatusCheck}. */
  record StatusConfirm(long id, String from, String token) implements Reply {
    public StatusConfirm {
      Fields.id(id);
      Fields.name("from", from);
      Fields.optionalToken("token", token);
    }
  }

  /**
   * Part {@code part} of {@code parts} of the table's changes after version {@code base} up to
   * {@code version}: the current entry of every client that changed in between, in
   * first-registration order (base 0: the whole table). Server → client: to every online client
   * as the table changes, to a registrant for the parts of its table after conf_reg, and to a
   * client that asked with {@link TableSync}. Best effort, never retried: a client that finds a
   * gap or a missing part asks again.
   */
  record TableUpdate(
      long version, long base, int part, int parts, ClientTable table, String token)
      implements ServerPush {
    public TableUpdate {
      Fields.version("version", version);
      Fields.version("base", base);
      if (base > version) {
        throw new IllegalArgumentException("\"base\" " + base + " is after \"version\" " + version);
      }
      Fields.count("parts", parts);
      Fields.count("part", part);
      if (part > parts) {
        throw new IllegalArgumentException("\"part\" " + part + " of " + parts);
      }
      Fields.required("table", table);
      Fields.optionalToken("token", token);
    }

    /** The whole table in one part, at version 0 (tests). */
    public TableUpdate(ClientTable table, String token) {
      this(0, 0, 1, 1, table, token);
    }
  }

  /**
   * "Send me the table's changes after {@code version}": a client that missed a
   * {@link TableUpdate} or a part of one. Client → server, answered by table_update parts (base
   * {@code version}, or 0 when the server cannot start there); never retried as such, the client
   * asks again if the answer does not come whole.
   */
  record TableSync(String name, long version, String token) implements Packet {
    public TableSync {
      Fields.name("name", name);
      Fields.version("version", version);
      Fields.optionalToken("token", token);
    }
  }

  /**
   * Acknowledges the request with the same id. A client's ACK to the server carries its token; an
   * ACK between clients, or from the server, carries none.
   */
  record Ack(long id, String from, String token) implements Reply {
    public Ack {
      Fields.id(id);
      Fields.required("from", from);
      Fields.optionalToken("token", token);
    }

    /** An ACK without a token. */
    public Ack(long id, String from) {
      this(id, from, null);
    }
  }

  /**
   * A request was refused, in words. Some refusals the protocol fixes, and a client acts on them
   * (see {@link ProtocolError}): {@link ProtocolError#CLIENT_EXISTS} comes with, in {@code table},
   * that client's current entry. {@code id} is 0 when the refused datagram had none.
   */
  record ErrorReply(long id, String message, ClientTable table) implements Reply {
    public ErrorReply {
      Fields.required("message", message);
    }

    public static ErrorReply of(long id, String message) {
      return new ErrorReply(id, message, null);
    }
  }
}
