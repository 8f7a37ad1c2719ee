package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static udpchat.server.RegistryFixture.X;
import static udpchat.server.RegistryFixture.Y;
import static udpchat.server.RegistryFixture.Z;
import static udpchat.server.RegistryFixture.offline;
import static udpchat.server.RegistryFixture.online;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import udpchat.config.ChatSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.transport.Transport;
import udpchat.testing.BufferConsole;

/**
 * What a gateway sends for a change of the directory's: a registration's conf_reg comes with the
 * change that lists it, before the broadcast of that change, and the registrant is not sent what
 * its conf_reg had.
 */
class TablePublisherTest {
  private static final String X_TOKEN = "xxxxxxxxxxxxxxxxxxxxxx";
  private static final String Y_TOKEN = "yyyyyyyyyyyyyyyyyyyyyy";
  private static final String Z_TOKEN = "zzzzzzzzzzzzzzzzzzzzzz";

  private final BufferConsole console = new BufferConsole();
  private final ServerSettings settings =
      ServerSettings.of(ChatSettings.defaults(), RegistryJournal.fresh(), ServerMetrics.inMemory());
  private final TablePublisher publisher = new TablePublisher(
      new Roster(settings, console), settings, LoggerFactory.getLogger(TablePublisherTest.class));

  @Test
  void aRegistrantIsNotSentTheChangesItsConfRegHad() {
    start();
    // y's leaving and z's registration were written together.
    List<Transport.Send> sent = publish(change(4, List.of(offline("y", Y), online("z", Z)),
        new Gateway.Confirm("z", Z, 7, Z_TOKEN)));

    assertEquals(2, sent.size(), "conf_reg to z, one update to x: " + sent);
    ConfReg confirmed = assertInstanceOf(ConfReg.class, sent.get(0).packet());
    assertEquals(List.of(Z, 7L, 4L, ClientTable.of(List.of(
            online("x", X), offline("y", Y), online("z", Z)))),
        List.of(sent.get(0).to(), confirmed.id(), confirmed.version(), confirmed.table()));
    TableUpdate update = assertInstanceOf(TableUpdate.class, sent.get(1).packet());
    assertEquals(List.of(X, 4L, 2L, ClientTable.of(List.of(offline("y", Y), online("z", Z))),
            X_TOKEN),
        List.of(sent.get(1).to(), update.version(), update.base(), update.table(),
            update.token()));
  }

  @Test
  void aRegistrantIsSentTheChangesAfterItsConfReg() {
    start();
    publish(change(3, List.of(online("z", Z)), new Gateway.Confirm("z", Z, 7, Z_TOKEN)));
    List<Transport.Send> sent = publish(change(4, List.of(offline("y", Y)), null));

    assertEquals(List.of(X, Z), sent.stream().map(Transport.Send::to).toList());
    for (Transport.Send outgoing : sent) {
      TableUpdate update = assertInstanceOf(TableUpdate.class, outgoing.packet());
      assertEquals(List.of(4L, 3L, ClientTable.of(List.of(offline("y", Y)))),
          List.of(update.version(), update.base(), update.table()));
    }
    assertEquals(List.of(">>> [Client table updated.]",
            "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, True),"
                + " 'z': ('z', '127.0.0.1', 1122, True)}",
            ">>> [Client table updated.]",
            "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False),"
                + " 'z': ('z', '127.0.0.1', 1122, True)}"),
        console.lines());
  }

  @Test
  void aClientOfflineForItsSilenceIsToldOfTableChangesOneThatLeftIsNot() {
    start();
    // y went silent (it may be alive): it is told, and so would see itself offline.
    List<Transport.Send> silentY = publish(change(3, List.of(offline("y", Y)), null, Set.of("y")));
    assertEquals(List.of(X, Y), silentY.stream().map(Transport.Send::to).toList());
    // y came back, then left by its own wish: the change of z is not sent to it.
    publish(change(4, List.of(online("y", Y)), null));
    publish(change(5, List.of(offline("y", Y)), null));
    List<Transport.Send> zJoined = publish(change(6, List.of(online("z", Z)),
        new Gateway.Confirm("z", Z, 7, Z_TOKEN)));
    assertEquals(List.of(Z, X), zJoined.stream().map(Transport.Send::to).toList());
  }

  /** What the gateway sends for a change: its conf_regs, then the broadcast that follows it. */
  private List<Transport.Send> publish(Directory.Changed change) {
    List<Transport.Send> sent = new ArrayList<>(publisher.apply(change));
    sent.addAll(publisher.publish());
    return sent;
  }

  /** x and y online, table version 2, as a recovered directory tells it. */
  private void start() {
    publisher.apply(new Directory.Changed(2, true, List.of(online("x", X), online("y", Y)),
        Map.of("x", X_TOKEN, "y", Y_TOKEN), List.of(), List.of(), Set.of(), true));
  }

  private static Directory.Changed change(
      long version, List<ClientEntry> entries, Gateway.Confirm confirm) {
    return change(version, entries, confirm, Set.of());
  }

  private static Directory.Changed change(
      long version, List<ClientEntry> entries, Gateway.Confirm confirm, Set<String> silent) {
    Map<String, String> tokens = Map.of("x", X_TOKEN, "y", Y_TOKEN, "z", Z_TOKEN);
    return new Directory.Changed(version, false, entries, tokens, List.of(),
        confirm == null ? List.of() : List.of(confirm), silent, true);
  }
}
