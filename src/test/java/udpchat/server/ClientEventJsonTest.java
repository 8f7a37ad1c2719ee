package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.protocol.StoredMessage;

/**
 * A client's journal entries as JSON: entries written before a field existed read with that field
 * missing (a stored message without its sender's request, a state without stored requests, a
 * registration without its freg's id).
 */
class ClientEventJsonTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aStoredMessageWithItsSendersRequestReadsBackTheSame() {
    ClientEvent.MessageStored stored = new ClientEvent.MessageStored(
        StoredMessage.direct("x", "23:31:00", "hi").shownAs(7),
        new ClientEvent.SenderRequest("x", 1234));
    byte[] bytes = serialization.serialize(stored).get();
    assertEquals(stored, read(bytes, stored));
  }

  @Test
  void aStoredMessageWrittenBeforeTheRequestFieldReadsWithNone() {
    String old = "{\"message\":[\"x\",\"23:31:00\",\"hi\",false,7]}";
    assertEquals(new ClientEvent.MessageStored(StoredMessage.direct("x", "23:31:00", "hi")
            .shownAs(7)),
        read(old.getBytes(StandardCharsets.UTF_8), new ClientEvent.MessageStored(
            StoredMessage.direct("x", "23:31:00", "hi"))));
  }

  @Test
  void aSnapshotWrittenBeforeStoredRequestsReadsWithNone() {
    String old = "{\"ip\":\"127.0.0.1\",\"port\":1111,\"token\":\"t\",\"presence\":\"OFFLINE\","
        + "\"mailbox\":[[\"x\",\"23:31:00\",\"hi\",false]],\"doneIds\":[5],\"version\":3}";
    ClientState state = read(old.getBytes(StandardCharsets.UTF_8), ClientState.unregistered());
    assertEquals(List.of(), state.storedRequests());
    assertEquals(1, state.mailbox().size());
    assertEquals(List.of(5L), state.doneIds());
  }

  @Test
  void aRegistrationWrittenBeforeItsFregIdReadsWithNoneAndLeavesNoRequestDone() {
    String old = "{\"ip\":\"127.0.0.1\",\"port\":1111,\"token\":\"t\"}";
    ClientEvent.Registered registered = read(old.getBytes(StandardCharsets.UTF_8),
        new ClientEvent.Registered("127.0.0.1", 1111, "t", 9));
    assertEquals(new ClientEvent.Registered("127.0.0.1", 1111, "t", 0), registered);
    assertEquals(List.of(), ClientState.unregistered().apply(registered).doneIds());
    assertEquals(List.of(9L), ClientState.unregistered()
        .apply(new ClientEvent.Registered("127.0.0.1", 1111, "t", 9)).doneIds());
  }

  @SuppressWarnings("unchecked")
  private static <T> T read(byte[] bytes, T sameClass) {
    var serializer = serialization.findSerializerFor(sameClass);
    return (T) serialization.deserialize(bytes, serializer.identifier(),
        Serializers.manifestFor(serializer, sameClass)).get();
  }
}
