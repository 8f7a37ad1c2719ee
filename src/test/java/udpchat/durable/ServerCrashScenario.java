package udpchat.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static udpchat.durable.ChatProcess.entry;
import static udpchat.durable.ChatProcess.table;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import udpchat.config.ChatSettings;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.StatusConfirm;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.PacketCodec;

/**
 * The server is killed (SIGKILL) right after it has acknowledged a stored message, and started
 * again on the same port with the same data. Every node is a process of its own, over real UDP.
 * What must hold: the recipient's {@code reg} returns every stored message in order (a receipt, a
 * group message, two direct messages); the names stay registered to their addresses; a client that
 * was online counts as online until it fails a status check, so the one that died meanwhile is
 * marked offline and the live one is not. Subclasses choose the journal.
 */
abstract class ServerCrashScenario {
  private static final String T = ChatProcess.ANY_TIME;

  @TempDir Path workDir;

  private final List<ChatProcess> started = new ArrayList<>();

  /** The {@code -D} settings that choose the journal, for the server's process. */
  abstract List<String> storeSettings();

  @AfterEach
  void stopEverything() {
    started.forEach(ChatProcess::close);
  }

  void crashRightAfterASaveAckLosesNothing() throws Exception {
    int s = freePort();
    int xPort = freePort();
    int yPort = freePort();
    int zPort = freePort();

    ChatProcess server = server(s);
    server.expect("[Server listening on port " + s + ".]");
    ChatProcess x = client("x", s, xPort);
    x.expect("[Welcome, You are registered.]");
    server.expect("[Client table updated.]", table(entry("x", xPort, true)));
    ChatProcess y = client("y", s, yPort);
    y.expect("[Welcome, You are registered.]");
    server.expect("[Client table updated.]",
        table(entry("x", xPort, true), entry("y", yPort, true)));
    ChatProcess z = client("z", s, zPort);
    z.expect("[Welcome, You are registered.]");
    server.expect("[Client table updated.]",
        table(entry("x", xPort, true), entry("y", yPort, true), entry("z", zPort, true)));

    // y's message for offline z, delivered later: the receipt is stored for y, offline by then.
    z.type("dereg");
    z.expect("[You are Offline. Bye.]");
    server.expect("[Client table updated.]",
        table(entry("x", xPort, true), entry("y", yPort, true), entry("z", zPort, false)));
    y.type("send z hello z");
    y.expectAfterOptional("[No ACK from z, message sent to server.]",
        "[Offline Message sent at " + T + " received by the server and saved.]");
    y.type("dereg");
    y.expect("[You are Offline. Bye.]");
    server.expect("[Client table updated.]",
        table(entry("x", xPort, true), entry("y", yPort, false), entry("z", zPort, false)));
    z.type("reg");
    z.expect("[RegSent]", "[You have offline messages:]", "y: " + T + " hello z");
    server.expect("[Client table updated.]",
        table(entry("x", xPort, true), entry("y", yPort, false), entry("z", zPort, true)));
    // z shows its mailbox before it ACKs it: give the ACK (and y's stored receipt) time to reach
    // the server before x's group message, or the two are stored for y in either order.
    server.expectNothingFor(Duration.ofMillis(500));

    // A group message and two direct messages for offline y.
    x.type("send_all hi all");
    x.expect("[Group Message received by Server.]");
    z.expect("Group Chat x:  hi all");
    x.type("send y one");
    x.expectAfterOptional("[No ACK from y, message sent to server.]",
        "[Offline Message sent at " + T + " received by the server and saved.]");
    x.type("send y two");
    x.expectAfterOptional("[No ACK from y, message sent to server.]",
        "[Offline Message sent at " + T + " received by the server and saved.]");

    // The crash, right after that ACK; z dies too while the server is down.
    server.kill();
    z.kill();

    ChatProcess restarted = server(s);
    restarted.expect("[Server listening on port " + s + ".]");
    // x and z were online: x answers its status check, z (dead) does not and goes offline.
    restarted.expect("[Client table updated.]",
        table(entry("x", xPort, true), entry("y", yPort, false), entry("z", zPort, false)));

    y.type("reg");
    y.expect(
        "[RegSent]",
        "[You have offline messages:]",
        " [Offline Message sent at " + T + " received by z.]",
        "Group Chat x: " + T + " hi all",
        "x: " + T + " one",
        "x: " + T + " two");
    restarted.expect("[Client table updated.]",
        table(entry("x", xPort, true), entry("y", yPort, true), entry("z", zPort, false)));
    x.expect(
        " [Offline Message sent at " + T + " received by y.]",
        " [Offline Message sent at " + T + " received by y.]");

    // The names survived the restart: y's cannot be taken from another port.
    ChatProcess thief = client("y", s, freePort());
    thief.expect("[Invalid Name]", "[Exiting]");
    thief.expectExit(1);

    x.type("quit");
    x.expect("[You are Offline. Bye.]");
    x.expectExit(0);
    restarted.expect("[Client table updated.]",
        table(entry("x", xPort, false), entry("y", yPort, true), entry("z", zPort, false)));
    restarted.expectNothingFor(Duration.ofMillis(500));
    assertEquals(0, restarted.terminate(), "a server stopped with SIGTERM exits with 0");
  }

  /**
   * w, a client made of a bare socket in this test, has a message for offline y stored, then
   * behaves as if the server had died before its ACK went out: it sends the same request again to
   * the restarted server, which ACKs it and does not store it again.
   */
  void retryOfAStoredRequestAfterACrashIsStoredOnce() throws Exception {
    int s = freePort();
    int yPort = freePort();
    int wPort = freePort();
    ChatProcess server = server(s);
    server.expect("[Server listening on port " + s + ".]");
    ChatProcess y = client("y", s, yPort);
    y.expect("[Welcome, You are registered.]");
    server.expect("[Client table updated.]", table(entry("y", yPort, true)));
    y.type("dereg");
    y.expect("[You are Offline. Bye.]");
    server.expect("[Client table updated.]", table(entry("y", yPort, false)));

    try (BareClient w = new BareClient("w", wPort, s)) {
      ConfReg welcome = w.request(new Freg(w.nextId(), new NamePort("w", wPort)), ConfReg.class);
      w.token = welcome.token();
      server.expect("[Client table updated.]",
          table(entry("y", yPort, false), entry("w", wPort, true)));
      ToOffline once = new ToOffline(w.nextId(), "w", "y", "09:00:00", "once", w.token, null);
      w.request(once, Ack.class); // the ACK that, in this story, never left the dying server

      server.kill();
      ChatProcess restarted = server(s);
      restarted.expect("[Server listening on port " + s + ".]");
      assertEquals(once.id(), w.request(once, Ack.class).id(), "the retry is ACKed again");

      y.type("reg");
      y.expect("[RegSent]", "[You have offline messages:]", "w: 09:00:00 once");
      restarted.expect("[Client table updated.]",
          table(entry("y", yPort, true), entry("w", wPort, true)));
      w.receive(Receipt.class); // y's receipt for the one stored message
      y.expectNothingFor(Duration.ofMillis(1500)); // not shown a second time
      restarted.expectNothingFor(Duration.ofMillis(500));
    }
  }

  /**
   * A client that is only a UDP socket and the codec: it sends a request until its answer comes
   * and answers what the server asks of it, as a well-behaved client would.
   */
  private static final class BareClient implements AutoCloseable {
    private final PacketCodec codec = new PacketCodec(ChatSettings.defaults().maxDatagramBytes());
    private final String name;
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private long id = 1000;
    String token;

    BareClient(String name, int port, int serverPort) throws SocketException {
      this.name = name;
      this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
      this.server = new InetSocketAddress("127.0.0.1", serverPort);
      socket.setSoTimeout(500);
    }

    long nextId() {
      return ++id;
    }

    /** Sends {@code request} (again every half second, at most 20 times) until its answer comes. */
    <T extends Packet.Reply> T request(Packet.Request request, Class<T> answer) throws Exception {
      for (int tries = 0; tries < 20; tries++) {
        send(request);
        Packet got;
        while ((got = next()) != null) {
          if (answer.isInstance(got) && ((Packet.Reply) got).id() == request.id()) {
            return answer.cast(got);
          }
        }
      }
      throw new AssertionError("no " + answer.getSimpleName() + " for " + request);
    }

    /** Waits up to 10 s for a packet of this type from the server. */
    <T extends Packet> T receive(Class<T> type) throws Exception {
      for (int waits = 0; waits < 20; waits++) {
        Packet got;
        while ((got = next()) != null) {
          if (type.isInstance(got)) {
            return type.cast(got);
          }
        }
      }
      throw new AssertionError("no " + type.getSimpleName() + " came");
    }

    /** The next packet, answered if the server waits for an answer; null after half a second. */
    private Packet next() throws Exception {
      byte[] buffer = new byte[codec.maxDatagramBytes()];
      DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(datagram);
      } catch (SocketTimeoutException quiet) {
        return null;
      }
      Packet packet = codec.decode(Arrays.copyOf(buffer, datagram.getLength()));
      if (packet instanceof StatusCheck check) {
        send(new StatusConfirm(check.id(), name, token));
      } else if (packet instanceof Packet.Request request) {
        send(new Ack(request.id(), name, token));
      }
      return packet;
    }

    private void send(Packet packet) throws Exception {
      byte[] bytes = codec.encode(packet);
      socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  private ChatProcess server(int port) {
    return track(ChatProcess.start("server", workDir, storeSettings(), "-s", "" + port));
  }

  private ChatProcess client(String name, int serverPort, int port) {
    return track(ChatProcess.start(
        name, workDir, List.of(), "-c", name, "127.0.0.1", "" + serverPort, "" + port));
  }

  private ChatProcess track(ChatProcess process) {
    started.add(process);
    return process;
  }

  /** A UDP port free right now, away from the ports other tests count up from. */
  private static int freePort() {
    for (int tries = 0; tries < 1000; tries++) {
      int port = ThreadLocalRandom.current().nextInt(30_000, 32_000);
      try (DatagramSocket probe = new DatagramSocket(port)) {
        return port;
      } catch (SocketException inUse) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free UDP port");
  }
}
