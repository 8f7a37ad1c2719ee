package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.protocol.ClientEntry;

/** The directory on its own: what one write of gathered reports makes of the table. */
class DirectoryTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
  private static final InetSocketAddress SOCKET = new InetSocketAddress("127.0.0.1", 4444);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aGatewayThatAskedForTheTableHearsOfChangesBeforeTheReceptionistListsIt() {
    RegistryJournal journal = RegistryJournal.fresh();
    ActorRef<Directory.Command> directory = testKit.spawn(Directory.create(journal, 100));
    TestProbe<Directory.Changed> asked = testKit.createTestProbe();
    directory.tell(new Directory.TableWanted(asked.ref()));
    assertEquals(0, asked.receiveMessage().version(), "the whole table, empty");
    // A listing that does not show it yet: another gateway registers.
    TestProbe<Directory.Changed> listed = testKit.createTestProbe();
    testKit.system().receptionist().tell(
        Receptionist.register(Directory.gatewaysOf(journal), listed.ref()));
    assertEquals(0, listed.receiveMessage().version(), "the whole table, empty");

    directory.tell(new Directory.Report(ClientEntry.at("x", SOCKET, true), "token-x", 1, false));

    for (TestProbe<Directory.Changed> gateway : List.of(asked, listed)) {
      Directory.Changed changed = gateway.receiveMessage();
      assertEquals(List.of(ClientEntry.at("x", SOCKET, true)), changed.entries());
    }
  }

  @Test
  void twoNamesComingOnlineAtOneAddressInOneWriteLeaveOnlyTheLastOnline() {
    RegistryJournal journal = RegistryJournal.fresh();
    ActorRef<Directory.Command> directory = testKit.spawn(Directory.create(journal, 100));
    TestProbe<Directory.Changed> gateway = testKit.createTestProbe();
    testKit.system().receptionist().tell(
        Receptionist.register(Directory.gatewaysOf(journal), gateway.ref()));
    assertEquals(0, gateway.receiveMessage().version(), "the whole table, empty");

    directory.tell(new Directory.ReportAll(List.of(
        new Directory.Report(ClientEntry.at("x", SOCKET, true), "token-x", 1, false),
        new Directory.Report(ClientEntry.at("y", SOCKET, true), "token-y", 1, false))));

    Directory.Changed changed = gateway.receiveMessage();
    Map<String, Boolean> online = changed.entries().stream()
        .collect(Collectors.toMap(ClientEntry::name, ClientEntry::online));
    assertEquals(Map.of("x", false, "y", true), online);
    assertEquals(List.of("x"), changed.released(), "x's entity is told it is offline");
  }
}
