package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static udpchat.client.ClientFixture.ACK_TIMEOUT;
import static udpchat.client.ClientFixture.SETTINGS;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.X;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.entry;
import static udpchat.client.ClientFixture.table;
import static udpchat.client.ClientFixture.xAndY;

import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.ClientTable;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;

/**
 * A client the server presumed gone (issue 12 point 5): its table_update lists it offline while
 * it is online, so it says it is here with a reg of its session, printing nothing of its own.
 */
class ReannounceTest extends ClientActorTestKit {

  /** The table at {@code version} (changes after version 0, whole) with x online or offline. */
  private static Packet.TableUpdate tableWithX(long version, boolean xOnline, String token) {
    ClientTable entries = table(entry("x", X, xOnline), entry("y", Y, true));
    return new Packet.TableUpdate(version, 0, 1, 1, entries, token);
  }

  @Test
  void aClientListedOfflineSendsRegWithItsSessionAndPrintsNothing() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(tableWithX(1, false, TOKEN));
    Packet.Reg reg = x.sentToServer(Packet.Reg.class);
    assertEquals(new Packet.Reg(reg.id(), "x", TOKEN), reg);
    x.expectNothingSent(ACK_TIMEOUT.dividedBy(2));
    x.console.expectNoMoreLines();

    // The server takes it as any reg: an ACK, then the mailbox kept meanwhile.
    x.ackFromServer(reg.id());
    x.fromServer(
        Packet.OfflineMessages.first(
            40, List.of(StoredMessage.direct("y", "23:30:00", "are you there?")), TOKEN));
    x.console.expectLines(">>> [You have offline messages:]", ">>> y: 23:30:00 are you there?");
    assertEquals(new Packet.Ack(40, "x", TOKEN), x.sentToServer(Packet.Ack.class));
    x.fromServer(tableWithX(2, true, TOKEN));
    x.expectNothingSent(ACK_TIMEOUT.multipliedBy(2));

    x.type("send_all back");
    x.sentToServer(Packet.GroupChat.class);
  }

  @Test
  void theRegIsRetriedWithItsIdUntilTheTableShowsTheClientOnline() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(tableWithX(1, false, TOKEN));
    Packet.Reg first = x.sentToServer(Packet.Reg.class);
    x.ackTimeoutPasses();
    assertEquals(first, x.sentToServer(Packet.Reg.class));

    x.fromServer(tableWithX(2, true, TOKEN));
    x.expectNothingSent(ACK_TIMEOUT.multipliedBy(3));
  }

  @Test
  void anUnansweredReannounceGivesUpQuietlyAndTheNextSuchTableStartsAgain() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(tableWithX(1, false, TOKEN));
    Packet.Reg first = x.expectRetried(Packet.Reg.class, ClientFixture.SERVER,
        SETTINGS.requestAttempts());
    x.expectNothingSent(ACK_TIMEOUT.multipliedBy(2));
    x.console.expectNoMoreLines();

    x.fromServer(tableWithX(2, false, TOKEN));
    Packet.Reg again = x.sentToServer(Packet.Reg.class);
    assertNotEquals(first.id(), again.id());
    x.type("list"); // the client goes on as before
    x.console.expectLines(">>> x 127.0.0.1:3333 offline", ">>> y 127.0.0.1:1111 online");
  }

  @Test
  void oneReannounceAtATime() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(tableWithX(1, false, TOKEN));
    Packet.Reg reg = x.sentToServer(Packet.Reg.class);
    x.fromServer(tableWithX(2, false, TOKEN));
    x.expectNothingSent(ACK_TIMEOUT.dividedBy(2));
    x.ackTimeoutPasses();
    assertEquals(reg, x.sentToServer(Packet.Reg.class));
  }

  @Test
  void aClientWaitingForAnAnswerReannouncesToo() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send_all anyone?");
    Packet.GroupChat group = x.sentToServer(Packet.GroupChat.class);
    x.fromServer(tableWithX(1, false, TOKEN));
    assertEquals("x", x.sentToServer(Packet.Reg.class).name());
    x.ackFromServer(group.id());
    x.console.expectLines(">>> [Group Message received by Server.]");
  }

  @Test
  void aClientOfflineAfterDeregOrGoingOfflineDoesNotReannounce() {
    ClientFixture offline = newClient().offline();
    offline.fromServer(tableWithX(1, false, TOKEN));
    offline.expectNothingSent(ACK_TIMEOUT.multipliedBy(2));

    ClientFixture leaving = newClient().registered(xAndY());
    leaving.type("dereg");
    Packet.Dereg dereg = leaving.sentToServer(Packet.Dereg.class);
    leaving.fromServer(tableWithX(1, false, TOKEN));
    leaving.transport.sent.expectNoMessage(java.time.Duration.ofMillis(150));
    leaving.ackFromServer(dereg.id());
    leaving.console.expectLines(">>> [You are Offline. Bye.]");
    leaving.expectNothingSent(ACK_TIMEOUT.multipliedBy(2));
  }

  @Test
  void aReannounceStopsWhenThePersonTypesDereg() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(tableWithX(1, false, TOKEN));
    x.sentToServer(Packet.Reg.class);
    x.type("dereg");
    Packet.Dereg dereg = x.sentToServer(Packet.Dereg.class);
    x.ackFromServer(dereg.id());
    x.console.expectLines(">>> [You are Offline. Bye.]");
    x.expectNothingSent(ACK_TIMEOUT.multipliedBy(3));
  }

  @Test
  void aTableWithoutThisSessionsTokenIsDroppedAndAnsweredWithNothing() {
    ClientFixture x = newClient().registered(xAndY());
    x.fromServer(tableWithX(1, false, "another-session-token0"));
    x.expectNothingSent(ACK_TIMEOUT.multipliedBy(2));
    x.type("list");
    x.console.expectLines(">>> x 127.0.0.1:3333 online", ">>> y 127.0.0.1:1111 online");
  }
}
