package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static udpchat.client.ClientFixture.ACK_TIMEOUT;
import static udpchat.client.ClientFixture.SERVER;
import static udpchat.client.ClientFixture.SETTINGS;
import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.X;
import static udpchat.client.ClientFixture.Y;
import static udpchat.client.ClientFixture.entry;
import static udpchat.client.ClientFixture.table;
import static udpchat.client.ClientFixture.xAndY;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.config.ConfigLoader;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;

/**
 * A client given several servers of one chat (SPEC §8): the first is {@link ClientFixture#SERVER},
 * the others {@link #SECOND} and {@link #THIRD}. Each server gets the request-attempts of one
 * server before the request goes, with its id and token, to the next.
 */
class FailoverTest extends ClientActorTestKit {
  static final InetSocketAddress SECOND = new InetSocketAddress("127.0.0.1", 5001);
  static final InetSocketAddress THIRD = new InetSocketAddress("127.0.0.1", 5002);
  /** An address no server is listed at. */
  static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.1", 5009);

  private static final int ATTEMPTS = SETTINGS.requestAttempts();

  @Test
  void aClientWhoseFirstServerNeverAnswersRegistersThroughTheSecond() {
    ClientFixture x = registeredThroughTheSecond();
    // the server that answered is the one it talks to
    x.type("send_all hello");
    Packet.GroupChat group = x.transport.expectSent(Packet.GroupChat.class, SECOND);
    ackFrom(x, SECOND, group.id());
    x.console.expectLines(">>> [Group Message received by Server.]");
    x.console.expectNoMoreLines();
  }

  @Test
  void aServerThatGoesSilentAfterRegistrationIsCarriedOnByTheNext() {
    ClientFixture x = newClientOf(SERVER, SECOND, THIRD).registered(xAndY());
    x.type("send_all anyone?");
    Packet.GroupChat group = movesOn(x, Packet.GroupChat.class, SERVER, SECOND);
    assertEquals(TOKEN, group.token());
    ackFrom(x, SECOND, group.id());
    x.console.expectLines(">>> [Group Message received by Server.]");

    x.type("dereg");
    ackFrom(x, SECOND, x.transport.expectSent(Packet.Dereg.class, SECOND).id());
    x.console.expectLines(">>> [You are Offline. Bye.]");
    x.console.expectNoMoreLines();
  }

  @Test
  void afterTheLastServerTheFirstIsTriedAgain() {
    ClientFixture x = registeredThroughTheSecond();
    x.type("send_all back to the first?");
    Packet.GroupChat group = movesOn(x, Packet.GroupChat.class, SECOND, SERVER);
    x.ackFromServer(group.id());
    x.console.expectLines(">>> [Group Message received by Server.]");
  }

  /** A client of a cluster goes round its servers more than once before it gives up. */
  @Test
  void withTwoRoundsEveryServerIsTriedTwiceBeforeServerNotResponding() {
    ChatSettings twoRounds = ChatSettings.from(
        ConfigFactory.parseString("udpchat.server-rounds = 2").withFallback(ConfigLoader.builtIn()));
    ClientFixture x = newClientOf(twoRounds, SERVER, SECOND);
    x.transport.bound(X);
    expectNoServerAnswers(x, Packet.Freg.class, List.of(SERVER, SECOND, SERVER, SECOND));
  }

  @Test
  void serverNotRespondingComesOnlyWhenNoServerAnswersRegistration() {
    ClientFixture x = newClientOf(SERVER, SECOND);
    x.transport.bound(X);
    expectNoServerAnswers(x, Packet.Freg.class, List.of(SERVER, SECOND));
  }

  @Test
  void serverNotRespondingComesOnlyWhenNoServerAnswersARequest() {
    ClientFixture x = newClientOf(SERVER, SECOND, THIRD).registered(xAndY());
    x.type("send_all is anyone there?");
    expectNoServerAnswers(x, Packet.GroupChat.class, List.of(SERVER, SECOND, THIRD));
  }

  @Test
  void aLateAnswerFromTheServerLeftBehindStillCounts() {
    ClientFixture x = newClientOf(SERVER, SECOND).registered(xAndY());
    x.type("send_all slow server");
    Packet.GroupChat group = movesOn(x, Packet.GroupChat.class, SERVER, SECOND);
    x.ackFromServer(group.id());
    x.console.expectLines(">>> [Group Message received by Server.]");
    x.expectNothingSent(ACK_TIMEOUT.multipliedBy(2));
  }

  /**
   * In a cluster the node that answers is the one holding the client's entity, which may not be
   * the one the request reached: an answer from any listed server counts, one from elsewhere not.
   */
  @Test
  void anAnswerFromAnotherListedServerCountsOneFromAnUnlistedAddressDoesNot() {
    ClientFixture x = newClientOf(SERVER, SECOND);
    Packet.Freg freg = x.bind();
    x.transport.deliver(new Packet.ConfReg(freg.id(), xAndY(), TOKEN), STRANGER);
    x.expectNothingSent(ACK_TIMEOUT.dividedBy(2));
    x.console.expectNoMoreLines();
    x.transport.deliver(new Packet.ConfReg(freg.id(), xAndY(), TOKEN), SECOND);
    x.console.expectLines(">>> [Welcome, You are registered.]");
  }

  @Test
  void pushesFromAnyListedServerWithTheTokenAreTakenAndAnsweredThere() {
    ClientFixture x = newClientOf(SERVER, SECOND).registered(xAndY());
    x.transport.deliver(new Packet.GroupChat(88, "y", "via the second node", TOKEN), SECOND);
    x.console.expectLines(">>> Group Chat y:  via the second node");
    assertEquals(new Packet.Ack(88, "x", TOKEN), x.transport.expectSent(Packet.Ack.class, SECOND));

    x.transport.deliver(new Packet.Receipt(89, "y", "23:11:32", TOKEN), SECOND);
    x.console.expectLines(">>>  [Offline Message sent at 23:11:32 received by y.]");
    x.transport.expectSent(Packet.Ack.class, SECOND);

    x.transport.deliver(new Packet.StatusCheck(90, TOKEN), SECOND);
    x.transport.expectSent(Packet.StatusConfirm.class, SECOND);

    InetSocketAddress z = new InetSocketAddress("127.0.0.1", 1122);
    x.transport.deliver(
        new Packet.TableUpdate(table(entry("x", X, true), entry("y", Y, false),
            entry("z", z, true)), TOKEN),
        SECOND);
    x.type("list");
    x.console.expectLines(
        ">>> x 127.0.0.1:3333 online",
        ">>> y 127.0.0.1:1111 offline",
        ">>> z 127.0.0.1:1122 online");
    x.console.expectNoMoreLines();
  }

  @Test
  void pushesFromAnUnlistedAddressOrWithoutTheTokenAreDropped() {
    ClientFixture x = newClientOf(SERVER, SECOND).registered(xAndY());
    x.transport.deliver(new Packet.GroupChat(91, "y", "from a stranger", TOKEN), STRANGER);
    x.transport.deliver(new Packet.StatusCheck(92, TOKEN), STRANGER);
    x.transport.deliver(new Packet.TableUpdate(table(entry("x", X, false)), TOKEN), STRANGER);
    x.transport.deliver(
        new Packet.GroupChat(93, "y", "no token", "old-session-token-0123"), SECOND);
    x.expectNothingSent(ACK_TIMEOUT);
    x.console.expectNoMoreLines();
    x.type("list");
    x.console.expectLines(">>> x 127.0.0.1:3333 online", ">>> y 127.0.0.1:1111 online");
  }

  @Test
  void aMailboxFromAnotherServerSkipsTheGroupMessageAlreadyShown() {
    // The second node showed the group message and its ACK was lost: it stored the message with
    // the id of its GC, and the mailbox comes from the first node.
    ClientFixture x = newClientOf(SERVER, SECOND).registered(xAndY());
    x.transport.deliver(new Packet.GroupChat(94, "y", "once only", TOKEN), SECOND);
    x.console.expectLines(">>> Group Chat y:  once only");
    x.transport.expectSent(Packet.Ack.class, SECOND);

    x.fromServer(
        Packet.OfflineMessages.first(
            700,
            List.of(
                StoredMessage.group("y", "23:30:00", "once only").shownAs(94),
                StoredMessage.direct("y", "23:31:00", "new")),
            TOKEN));
    x.console.expectLines(">>> [You have offline messages:]", ">>> y: 23:31:00 new");
    assertEquals(new Packet.Ack(700, "x", TOKEN), x.sentToServer(Packet.Ack.class));
    x.console.expectNoMoreLines();
  }

  @Test
  void aClientThatReannouncesItselfMovesOnLikeAnyRequest() {
    ClientFixture x = newClientOf(SERVER, SECOND).registered(xAndY());
    x.transport.deliver(
        new Packet.TableUpdate(1, 0, 1, 1, table(entry("x", X, false), entry("y", Y, true)), TOKEN),
        SECOND);
    Packet.Reg reg = movesOn(x, Packet.Reg.class, SERVER, SECOND);
    assertEquals(new Packet.Reg(reg.id(), "x", TOKEN), reg);
    x.console.expectNoMoreLines();
  }

  @Test
  void aTableSyncGoesToTheServerTheClientTalksTo() {
    ClientFixture x = registeredThroughTheSecond();
    // an update whose base is after the client's version: one was missed, so it asks
    x.fromServer(new Packet.TableUpdate(7, 5, 1, 1, table(entry("y", Y, false)), TOKEN));
    Packet.TableSync sync = x.transport.expectSent(Packet.TableSync.class, SECOND);
    assertEquals(TOKEN, sync.token());
  }

  /** A client of the first and second server, the first never answering: registered. */
  private static ClientFixture registeredThroughTheSecond() {
    ClientFixture x = newClientOf(SERVER, SECOND);
    x.transport.bound(X);
    Packet.Freg freg = movesOn(x, Packet.Freg.class, SERVER, SECOND);
    x.console.expectNoMoreLines();
    x.transport.deliver(new Packet.ConfReg(freg.id(), xAndY(), TOKEN), SECOND);
    x.console.expectLines(">>> [Welcome, You are registered.]");
    return x;
  }

  /**
   * The request goes to {@code from} all its attempts, then to {@code to}, the same packet (its
   * id, its token); returns it.
   */
  private static <P extends Packet.Request> P movesOn(
      ClientFixture x, Class<P> type, InetSocketAddress from, InetSocketAddress to) {
    P request = x.expectRetried(type, from, ATTEMPTS);
    x.ackTimeoutPasses();
    assertEquals(request, x.transport.expectSent(type, to));
    return request;
  }

  /** Each server in turn gets all its attempts, the same packet; then the client gives up. */
  private static void expectNoServerAnswers(
      ClientFixture x, Class<? extends Packet.Request> type, List<InetSocketAddress> servers) {
    Packet.Request request = x.expectRetried(type, servers.get(0), ATTEMPTS);
    for (InetSocketAddress next : servers.subList(1, servers.size())) {
      x.ackTimeoutPasses();
      assertEquals(request, x.expectRetried(type, next, ATTEMPTS));
      x.console.expectNoMoreLines();
    }
    x.ackTimeoutPasses();
    x.console.expectLines(">>> [Server not responding]", ">>> [Exiting]");
    x.expectExit(NodeExit.failed());
    x.expectNothingSent(ACK_TIMEOUT.multipliedBy(2));
  }

  private static void ackFrom(ClientFixture x, InetSocketAddress server, long id) {
    x.transport.deliver(new Packet.Ack(id, "server"), server);
  }
}
