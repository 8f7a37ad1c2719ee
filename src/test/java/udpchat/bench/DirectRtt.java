package udpchat.bench;

import ch.qos.logback.classic.Level;
import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.LoggerFactory;
import udpchat.client.ClientActor;
import udpchat.client.ClientOptions;
import udpchat.config.ChatSettings;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;
import udpchat.testing.FreePorts;
import udpchat.transport.UdpTransport;

/**
 * (a) A direct message between two real clients: each a {@link ClientActor} with its real UDP
 * socket ({@link UdpTransport}) in an actor system of its own and on the dispatcher of a real
 * client ({@link UdpTransport#nodeProps()}), registered with the server process. Client a is told {@code send b <text>} as if typed; the round trip ends when a's console shows
 * {@code [Message received by b.]}: a's command handling, its datagram to b, b showing the
 * message and sending its ACK, a taking the ACK and printing. Beside it, in the same run and in
 * alternating blocks (the machine is noisy), {@link RawPingPong} with a datagram of the same size,
 * the clients with the packet trace off and with all their logging at INFO, and the raw
 * ping-pong with its echo in this JVM and in a process of its own (the floor: two clients are two
 * processes).
 */
final class DirectRtt {
  static final String PAYLOAD = "hello b, this is a direct message from a";
  private static final String RECEIVED = ">>> [Message received by b.]";
  private static final String SHOWN = ">>> a: " + PAYLOAD;
  private static final String WELCOME = ">>> [Welcome, You are registered.]";
  private static final int BLOCKS = 8;
  /** The clients' levels of UdpChat's lines and of the packet trace, per measured variant. */
  private static final List<Level> DEFAULT_LEVELS = List.of(Level.DEBUG, Level.DEBUG);
  private static final List<Level> NO_TRACE_LEVELS = List.of(Level.DEBUG, Level.INFO);
  private static final List<Level> INFO_LEVELS = List.of(Level.INFO, Level.INFO);

  /**
   * Round trips in ns; {@code oneWay}: from the command to b showing the message (default
   * logging); {@code chatNoTrace}: the packet trace off, UdpChat's other lines still at DEBUG;
   * {@code chatTraceOff}: all of the clients' logging at INFO; {@code slow} counts the messages
   * that took a detour (no ACK in time).
   */
  record Result(
      int datagramBytes, Stats raw, Stats rawTwoProcesses, Stats chat, Stats oneWay,
      Stats chatNoTrace,
      Stats chatTraceOff, int slow) {}

  private final ActorSystem<ClientActor.Command> a;
  private final ActorSystem<ClientActor.Command> b;
  private final TimedConsole aConsole = new TimedConsole();
  private final TimedConsole bConsole = new TimedConsole();
  private int slow;
  private final List<Long> oneWay = new ArrayList<>();

  /**
   * b registers after a is registered: when a cold server answers a's first freg late, a sends it
   * again, and the server's answers to both need not show b, which a would then learn of only at
   * its next table sync.
   */
  private DirectRtt(InetSocketAddress server, Config config)
      throws IOException, InterruptedException {
    ChatSettings settings = ChatSettings.from(config);
    a = start("a", server, settings, config, aConsole);
    awaitRegistered(aConsole);
    b = start("b", server, settings, config, bConsole);
    awaitRegistered(bConsole);
  }

  private static ActorSystem<ClientActor.Command> start(
      String name, InetSocketAddress server, ChatSettings settings, Config config,
      TimedConsole console) throws IOException {
    ClientOptions options = new ClientOptions(name, server, FreePorts.next());
    return ActorSystem.create(
        ClientActor.create(options, settings, console, Clock.systemDefaultZone(),
            UdpTransport.factory(settings), exit -> {}, Optional.empty()),
        "bench-client-" + name, config, UdpTransport.nodeProps());
  }

  static Result run(
      InetSocketAddress server, Config config, int warmup, int rounds, boolean traceOffToo)
      throws Exception {
    int size =
        new PacketCodec(ChatSettings.from(config).maxDatagramBytes())
            .encode(new Packet.DirectMessage(1234567890L, "a", PAYLOAD)).length;
    DirectRtt rtt = new DirectRtt(server, config);
    try (RawPingPong raw = RawPingPong.inProcess();
        RawPingPong floor = RawPingPong.twoProcesses()) {
      rtt.awaitPeerKnown();
      raw.measure(warmup, size);
      floor.measure(warmup, size);
      rtt.chat(warmup, false);
      List<Level> before = clientLogLevels(DEFAULT_LEVELS);
      List<Long> rawRtts = new ArrayList<>();
      List<Long> floorRtts = new ArrayList<>();
      List<Long> chatRtts = new ArrayList<>();
      List<Long> noTrace = new ArrayList<>();
      List<Long> quiet = new ArrayList<>();
      rtt.oneWay.clear();
      try {
        for (int block = 0; block < BLOCKS; block++) {
          add(rawRtts, raw.measure(rounds / BLOCKS, size));
          add(floorRtts, floor.measure(rounds / BLOCKS, size));
          clientLogLevels(DEFAULT_LEVELS);
          add(chatRtts, rtt.chat(rounds / BLOCKS, true));
          if (traceOffToo) {
            clientLogLevels(NO_TRACE_LEVELS);
            add(noTrace, rtt.chat(rounds / BLOCKS, false));
            clientLogLevels(INFO_LEVELS);
            add(quiet, rtt.chat(rounds / BLOCKS, false));
          }
        }
      } finally {
        clientLogLevels(before);
      }
      return new Result(size, Stats.of(rawRtts), Stats.of(floorRtts), Stats.of(chatRtts),
          Stats.of(rtt.oneWay), Stats.of(noTrace), Stats.of(quiet), rtt.slow);
    } finally {
      rtt.stop();
    }
  }

  private static void awaitRegistered(TimedConsole console)
      throws InterruptedException, IOException {
    if (console.await(WELCOME, 60_000) == null) {
      throw new IOException("a client did not register within 60 s");
    }
  }

  /** a learns of b from a table_update after b's registration: until then b is unknown. */
  private void awaitPeerKnown() throws InterruptedException, IOException {
    TimedConsole.Line line = null;
    for (int attempt = 0; attempt < 200; attempt++) {
      a.tell(new ClientActor.Typed("send b " + PAYLOAD));
      line = aConsole.next(10_000);
      if (line != null && line.text().equals(RECEIVED)) {
        return;
      }
      Thread.sleep(50);
      aConsole.clear();
    }
    throw new IOException("client a never learned of b; its last line: " + line);
  }

  /**
   * {@code count} direct messages a → b, one after the other; each one's round trip.
   *
   * @param oneWayToo also note when b showed each message
   */
  private long[] chat(int count, boolean oneWayToo) throws InterruptedException, IOException {
    long[] rtts = new long[count];
    for (int i = 0; i < count; i++) {
      aConsole.clear();
      bConsole.clear();
      long start = System.nanoTime();
      a.tell(new ClientActor.Typed("send b " + PAYLOAD));
      while (true) {
        TimedConsole.Line line = aConsole.next(10_000);
        if (line == null) {
          throw new IOException("no [Message received by b.] within 10 s");
        } else if (line.text().equals(RECEIVED)) {
          rtts[i] = line.nanos() - start;
          break;
        } else if (line.text().startsWith(">>> [No ACK")) {
          slow++; // the message went through the server: it still ends with the same line
        }
      }
      TimedConsole.Line shown = bConsole.await(SHOWN, 1_000);
      if (shown != null && oneWayToo) {
        oneWay.add(shown.nanos() - start);
      }
    }
    return rtts;
  }

  /** Sets the level of UdpChat's own lines and of the packet trace; returns the old levels. */
  private static List<Level> clientLogLevels(List<Level> levels) {
    List<Level> before = new ArrayList<>();
    String[] names = {"udpchat", "udpchat.trace"};
    for (int i = 0; i < names.length; i++) {
      if (LoggerFactory.getLogger(names[i]) instanceof ch.qos.logback.classic.Logger logger) {
        before.add(logger.getLevel());
        logger.setLevel(levels.get(i));
      }
    }
    return before;
  }

  private static void add(List<Long> to, long[] values) {
    for (long value : values) {
      to.add(value);
    }
  }

  private void stop() throws InterruptedException {
    for (ActorSystem<ClientActor.Command> system : List.of(a, b)) {
      system.tell(new ClientActor.Typed("quit"));
    }
    aConsole.await(">>> [You are Offline. Bye.]", 5_000);
    bConsole.await(">>> [You are Offline. Bye.]", 5_000);
    for (ActorSystem<ClientActor.Command> system : List.of(a, b)) {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // gone or going; the JVM exits at the end anyway
      }
    }
  }
}
