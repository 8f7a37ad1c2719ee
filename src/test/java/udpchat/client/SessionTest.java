package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static udpchat.client.ClientFixture.ACK_TIMEOUT;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.xAndY;

import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;

/** Group messages, going offline and coming back, and what an offline client refuses. */
class SessionTest extends ClientActorTestKit {

  @Test
  void aGroupMessageIsAckedByTheServer() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send_all yoyoyo  everyone");
    Packet.GroupChat group = x.sentToServer(Packet.GroupChat.class);
    assertEquals(new Packet.GroupChat(group.id(), "x", "yoyoyo  everyone", TOKEN), group);
    x.ackFromServer(group.id());
    x.console.expectLines(">>> [Group Message received by Server.]");
  }

  @Test
  void aSilentServerForAGroupMessageEndsTheClient() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("send_all anyone?");
    x.expectServerNotResponding(Packet.GroupChat.class);
  }

  @Test
  void deregGoesOfflineWithOrWithoutTheOwnName() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("dereg y");
    x.console.expectLines(">>> [Usage: dereg [<your-name>]]");
    x.type("dereg x");
    Packet.Dereg dereg = x.sentToServer(Packet.Dereg.class);
    assertEquals("x", dereg.name());
    x.ackFromServer(dereg.id());
    x.console.expectLines(">>> [You are Offline. Bye.]");
  }

  @Test
  void aSilentServerForDeregEndsTheClient() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("dereg");
    x.expectServerNotResponding(Packet.Dereg.class);
  }

  @Test
  void offlineOnlyRegListHelpAndQuitAreAccepted() {
    ClientFixture x = newClient().offline();
    x.type("send y hi");
    x.type("send_all hi all");
    x.type("dereg");
    x.type("bogus");
    x.type("reg y");
    x.type("list");
    x.console.expectLines(
        ">>> [You are offline. Use reg to come back online.]",
        ">>> [You are offline. Use reg to come back online.]",
        ">>> [You are offline. Use reg to come back online.]",
        ">>> [Invalid command]",
        ">>> [Usage: reg [<your-name>]]",
        ">>> x 127.0.0.1:3333 online",
        ">>> y 127.0.0.1:1111 online");
    x.expectNothingSent(ACK_TIMEOUT);
  }

  @Test
  void regShowsTheStoredMessagesOldestFirst() {
    ClientFixture x = newClient().offline();
    x.type("reg x");
    x.console.expectLines(">>> [RegSent]");
    Packet.Reg reg = x.sentToServer(Packet.Reg.class);
    assertEquals("x", reg.name());
    x.ackFromServer(reg.id());
    x.fromServer(
        Packet.OfflineMessages.first(
            500,
            List.of(
                StoredMessage.group("baz", "22:56:40", "hi everyone"),
                StoredMessage.direct("y", "23:11:32", "yo when you see this"),
                StoredMessage.receipt("bar", "22:55:29")),
            TOKEN));
    x.console.expectLines(
        ">>> [You have offline messages:]",
        ">>> Group Chat baz: 22:56:40 hi everyone",
        ">>> y: 23:11:32 yo when you see this",
        ">>>  [Offline Message sent at 22:55:29 received by bar.]");
    assertEquals(new Packet.Ack(500, "x", TOKEN), x.sentToServer(Packet.Ack.class));

    // online again: a duplicate mailbox is ACKed but not shown; chat is shown
    x.fromServer(
        Packet.OfflineMessages.first(
            500, List.of(StoredMessage.direct("y", "23:11:32", "again?")), TOKEN));
    assertEquals(new Packet.Ack(500, "x", TOKEN), x.sentToServer(Packet.Ack.class));
    x.fromServer(new Packet.GroupChat(501, "y", "welcome back", TOKEN));
    x.console.expectLines(">>> Group Chat y:  welcome back");
  }

  @Test
  void storedMessagesArrivingBeforeTheRegAckAreShownAtOnce() {
    ClientFixture x = newClient().offline();
    x.type("reg");
    x.console.expectLines(">>> [RegSent]");
    Packet.Reg reg = x.sentToServer(Packet.Reg.class);
    x.fromServer(
        Packet.OfflineMessages.first(
            600, List.of(StoredMessage.direct("y", "23:28:10", "i just joined")), TOKEN));
    x.console.expectLines(">>> [You have offline messages:]", ">>> y: 23:28:10 i just joined");
    x.sentToServer(Packet.Ack.class);
    x.ackFromServer(reg.id());
    x.type("send_all back");
    x.sentToServer(Packet.GroupChat.class);
  }

  @Test
  void anEmptyMailboxPrintsNothingAfterRegSent() {
    ClientFixture x = newClient().offline();
    x.type("reg");
    x.console.expectLines(">>> [RegSent]");
    x.ackFromServer(x.sentToServer(Packet.Reg.class).id());
    x.fromServer(Packet.OfflineMessages.first(700, List.of(), TOKEN));
    assertEquals(new Packet.Ack(700, "x", TOKEN), x.sentToServer(Packet.Ack.class));
    x.console.expectNoMoreLines();
  }

  @Test
  void aSilentServerForRegEndsTheClient() {
    ClientFixture x = newClient().offline();
    x.type("reg");
    x.console.expectLines(">>> [RegSent]");
    x.expectServerNotResponding(Packet.Reg.class);
  }

  @Test
  void regWhileOnlineIsRefusedLocally() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("reg");
    x.type("reg y");
    x.console.expectLines(">>> [You are already online.]", ">>> [Usage: reg [<your-name>]]");
    x.expectNothingSent(ACK_TIMEOUT);
  }

  @Test
  void helpInvalidMisusedAndBlankLines() {
    ClientFixture x = newClient().registered(xAndY());
    x.type("help");
    x.console.expectLines(
        ">>> send <name> <message>  send a direct message",
        ">>> send_all <message>     send a message to every registered client",
        ">>> dereg [<your-name>]    go offline (the client keeps running)",
        ">>> reg [<your-name>]      come back online and get stored messages",
        ">>> list                   show the clients this client knows",
        ">>> help                   show these commands",
        ">>> quit                   go offline and exit");
    x.type("");
    x.type("what");
    x.type("send y");
    x.console.expectLines(">>> [Invalid command]", ">>> [Usage: send <name> <message>]");
    x.console.expectNoMoreLines();
  }
}
