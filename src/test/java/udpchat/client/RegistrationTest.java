package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static udpchat.client.ClientFixture.SERVER;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.X;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.xAndY;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import udpchat.NodeExit;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;
import udpchat.transport.Transport;

class RegistrationTest extends ClientActorTestKit {

  @Test
  void registersWithItsNameAndPortAndKeepsTheTable() {
    ClientFixture x = newClient();
    Packet.Freg freg = x.bind();
    assertEquals(new NamePort("x", 3333), freg.message());

    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), TOKEN));
    x.console.expectLines(">>> [Welcome, You are registered.]");

    x.type("list");
    x.console.expectLines(">>> x 127.0.0.1:3333 online", ">>> y 127.0.0.1:1111 online");
  }

  @Test
  void onlyTheServersAnswerWithTheFregIdCounts() {
    ClientFixture x = newClient();
    Packet.Freg freg = x.bind();
    x.fromServer(new Packet.ConfReg(freg.id() + 1, xAndY(), TOKEN));
    x.transport.deliver(new Packet.ConfReg(freg.id(), xAndY(), TOKEN), Y);
    x.fromServer(new Packet.Ack(freg.id(), "server"));
    x.expectNothingSent(ClientFixture.ACK_TIMEOUT.dividedBy(2));
    x.console.expectNoMoreLines();

    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), TOKEN));
    x.console.expectLines(">>> [Welcome, You are registered.]");
  }

  @Test
  void theMailboxThatOvertakesConfRegIsShownOnceConfRegArrives() {
    // A restart counts as reg: the server sends conf_reg and the mailbox right behind it, and the
    // conf_reg is lost. Without the session token the mailbox cannot be checked yet: it waits.
    ClientFixture x = newClient();
    Packet.Freg freg = x.bind();
    Packet.OfflineMessages mailbox =
        Packet.OfflineMessages.first(
            700, List.of(StoredMessage.direct("y", "23:30:00", "while you were away")), TOKEN);
    x.fromServer(mailbox);
    x.expectNothingSent(ClientFixture.ACK_TIMEOUT.dividedBy(2));
    x.console.expectNoMoreLines();

    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), TOKEN));
    x.console.expectLines(
        ">>> [Welcome, You are registered.]",
        ">>> [You have offline messages:]",
        ">>> y: 23:30:00 while you were away");
    Packet.Ack ack = x.sentToServer(Packet.Ack.class);
    assertEquals(new Packet.Ack(700, "x", TOKEN), ack);

    x.fromServer(mailbox); // the server's next try, before it got the ACK
    assertEquals(ack, x.sentToServer(Packet.Ack.class));
    x.console.expectNoMoreLines();
  }

  @Test
  void serverPacketsHeldBeforeConfRegStillNeedItsToken() {
    ClientFixture x = newClient();
    Packet.Freg freg = x.bind();
    x.fromServer(new Packet.GroupChat(701, "y", "old session", "old-session-token-0123"));
    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), TOKEN));
    x.console.expectLines(">>> [Welcome, You are registered.]");
    x.expectNothingSent(ClientFixture.ACK_TIMEOUT.dividedBy(2));
    x.console.expectNoMoreLines();
  }

  @Test
  void aNameInUseEndsTheClient() {
    ClientFixture x = newClient();
    Packet.Freg freg = x.bind();
    x.fromServer(new Packet.NoReg(freg.id(), "name x belongs to another address"));
    x.console.expectLines(">>> [Invalid Name]", ">>> [Exiting]");
    x.expectExit(NodeExit.failed());
  }

  @Test
  void aRefusedRegistrationSaysWhyAndEndsTheClient() {
    ClientFixture x = newClient();
    Packet.Freg freg = x.bind();
    x.fromServer(Packet.ErrorReply.of(freg.id(), "stated port 3333 is not the source port 4444"));
    x.console.expectLines(
        ">>> [Server refused the request: stated port 3333 is not the source port 4444]",
        ">>> [Exiting]");
    x.expectExit(NodeExit.failed());
  }

  @Test
  void aSilentServerGetsFiveFregsThenTheClientExits() {
    ClientFixture x = newClient();
    x.transport.bound(X);
    x.expectServerNotResponding(Packet.Freg.class);
  }

  @Test
  void anAnswerToALaterAttemptCounts() {
    ClientFixture x = newClient();
    Packet.Freg freg = x.bind();
    x.ackTimeoutPasses();
    x.ackTimeoutPasses();
    x.transport.expectSent(Packet.Freg.class, SERVER);
    x.transport.expectSent(Packet.Freg.class, SERVER);
    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), TOKEN));
    x.console.expectLines(">>> [Welcome, You are registered.]");
    x.expectNothingSent(ClientFixture.ACK_TIMEOUT.multipliedBy(3));
  }

  @Test
  void aPortInUseIsOneClearLine() {
    ClientFixture x = newClient();
    x.transport.owner().tell(new Transport.BindFailed(X, "Port 3333 is already in use"));
    x.expectExit(NodeExit.failed("Port 3333 is already in use"));
    x.console.expectNoMoreLines();
  }

  @Test
  void linesTypedBeforeRegistrationRunAfterTheWelcome() {
    ClientFixture x = newClient();
    x.type("send_all early bird");
    Packet.Freg freg = x.bind();
    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), TOKEN));
    x.console.expectLines(">>> [Welcome, You are registered.]");
    assertEquals("early bird", x.sentToServer(Packet.GroupChat.class).message());
  }

  @Test
  void ctrlCLeavesAtOnceWithoutTellingTheServer() {
    ClientFixture x = newClient().registered(xAndY());
    x.client.tell(new ClientActor.SilentLeave());
    x.expectExit(new NodeExit(130, Optional.empty()));
    x.expectNothingSent(ClientFixture.ACK_TIMEOUT);
    x.console.expectNoMoreLines();
  }

}
