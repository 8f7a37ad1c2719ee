package udpchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.client.ClientActor;
import udpchat.config.ChatSettings;
import udpchat.config.ConfigLoader;
import udpchat.config.RateLimit;
import udpchat.metrics.ServerMetrics;
import udpchat.testing.BufferConsole;
import udpchat.testing.FreePorts;
import udpchat.testing.LoggerLines;
import udpchat.testing.RealUdpChat;
import udpchat.transport.SourceRateLimiter;
import udpchat.transport.UdpTransport;

/**
 * A flood of 100,000 malformed datagrams from one address at a real server while two clients
 * chat through it, over real UDP on 127.0.0.1: the chat goes on, the flood is dropped unread and
 * counted, and the flooding address hears an {@code error} only for what its limit let through.
 */
class FloodUdpTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  /**
   * A longer ACK timeout than the default: the flood shares this machine's cores with the server
   * and both clients, and the test is about the chat going on, not how fast.
   */
  private static final ChatSettings SETTINGS =
      ChatSettings.from(ConfigFactory.parseString("udpchat.ack-timeout = 2s")
          .withFallback(ConfigLoader.builtIn()));
  private static final Duration LOG_EVERY = Duration.ofSeconds(1);
  /** Lower than the default, so that what gets through is small beside the flood. */
  private static final RateLimit LIMIT = new RateLimit(500, 500, 1000, LOG_EVERY);
  private static final int FLOOD = 100_000;
  /** Datagrams sent but not yet read by the server, at most: the kernel's buffer keeps them all. */
  private static final int IN_FLIGHT = 1_000;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aFloodFromOneAddressIsDroppedUnansweredAndCountedWhileTwoClientsChat() throws Exception {
    int serverPort = FreePorts.next();
    RealUdpChat chat = new RealUdpChat(testKit, SETTINGS);
    AtomicReference<SourceRateLimiter> serverLimiter = new AtomicReference<>();
    BufferConsole server = new BufferConsole();
    ServerMetrics metrics = ServerMetrics.inMemory();
    chat.startServer(serverPort, server, UdpTransport.factory(SETTINGS, () -> {
      serverLimiter.set(SourceRateLimiter.of(LIMIT));
      return serverLimiter.get();
    }, metrics));
    server.expectLines(">>> [Server listening on port " + serverPort + ".]");
    SourceRateLimiter limiter = serverLimiter.get();

    BufferConsole x = new BufferConsole();
    ActorRef<ClientActor.Command> xClient =
        chat.startClient("x", FreePorts.next(), serverPort, x);
    x.expectLines(">>> [Welcome, You are registered.]");
    BufferConsole y = new BufferConsole();
    ActorRef<ClientActor.Command> yClient =
        chat.startClient("y", FreePorts.next(), serverPort, y);
    y.expectLines(">>> [Welcome, You are registered.]");

    try (LoggerLines log = LoggerLines.of(SourceRateLimiter.class);
        DatagramChannel flooder = DatagramChannel.open()) {
      flooder.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
      flooder.bind(new InetSocketAddress("127.0.0.1", 0));
      InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", serverPort);
      String source = "127.0.0.1:" + ((InetSocketAddress) flooder.getLocalAddress()).getPort();
      long start = System.nanoTime();
      CompletableFuture<Long> flood =
          CompletableFuture.supplyAsync(() -> flood(flooder, serverAddress, limiter));

      RealUdpChat.sendDirect(xClient, x, "y", "hi y during a flood");
      y.expectLines(">>> x: hi y during a flood");
      yClient.tell(new ClientActor.Typed("send_all hello during a flood"));
      y.expectLines(">>> [Group Message received by Server.]");
      x.expectLines(">>> Group Chat y:  hello during a flood");

      long floodNanos = flood.get(60, TimeUnit.SECONDS) - start;
      // After LOG_EVERY without a drop, the next datagram is let through and ends the flood.
      LockSupport.parkNanos(LOG_EVERY.multipliedBy(2).toNanos());
      int linesBefore = log.lines().size();
      flooder.send(ByteBuffer.wrap("after".getBytes(StandardCharsets.UTF_8)), serverAddress);
      String back = awaitLine(log, linesBefore, source + " back under the rate limit");

      Matcher inAll = Pattern.compile("\\((\\d+) from it in all\\)").matcher(back);
      assertTrue(inAll.find(), back);
      long dropped = Long.parseLong(inAll.group(1));
      assertEquals(limiter.dropped(), dropped, "every drop was the flooder's: " + back);
      assertEquals(dropped, metrics.datagramsRateLimited(), "the operator's counter says so too");
      long letThrough = FLOOD + 1 - dropped;
      long allowed = LIMIT.burst() + LIMIT.perSecond() * floodNanos / 1_000_000_000L + 1;
      assertTrue(letThrough >= LIMIT.burst() && letThrough <= allowed,
          letThrough + " let through in " + floodNanos / 1_000_000 + " ms, limit " + allowed);
      // Once over its limit, then back under after the flood; more than once only if the flood
      // paused for LOG_EVERY (the machine is busy). Between the two, a line every LOG_EVERY at most.
      long over = log.lines().stream()
          .filter(line -> line.startsWith("WARN " + source + " is over the rate limit"))
          .count();
      long under = log.lines().stream()
          .filter(line -> line.startsWith("INFO " + source + " back under the rate limit"))
          .count();
      assertTrue(over >= 1 && over == under, () -> String.join("\n", log.lines()));
      long lines = 2 * over + floodNanos / LOG_EVERY.toNanos() + 1;
      assertTrue(log.lines().size() <= lines, () -> String.join("\n", log.lines()));

      long errors = drainReplies(flooder);
      assertTrue(errors <= letThrough, errors + " errors for " + letThrough + " let through");
    }

    xClient.tell(new ClientActor.Typed("send y still here"));
    x.expectLines(">>> [Message received by y.]");
    y.expectLines(">>> x: still here");
  }

  /**
   * Sends the flood, never more than {@link #IN_FLIGHT} ahead of what the server has read, so
   * that none is lost in a full kernel buffer before the limiter sees it. Returns when it ended.
   */
  private static long flood(
      DatagramChannel flooder, InetSocketAddress server, SourceRateLimiter limiter) {
    ByteBuffer garbage = ByteBuffer.wrap("not a packet".getBytes(StandardCharsets.UTF_8));
    long readBefore = limiter.admitted() + limiter.dropped();
    try {
      for (int sent = 0; sent < FLOOD; sent++) {
        while (sent - (limiter.admitted() + limiter.dropped() - readBefore) > IN_FLIGHT) {
          LockSupport.parkNanos(100_000L);
        }
        flooder.send(garbage.rewind(), server);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return System.nanoTime();
  }

  /** The first line from index {@code from} on that contains {@code start}. */
  private static String awaitLine(LoggerLines log, int from, String start) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = log.lines();
      for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
        if (line.contains(start)) {
          return line;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    throw new AssertionError("no line with \"" + start + "\" in " + log.lines());
  }

  /** How many datagrams the server sent back to the flooder, waiting until it is quiet. */
  private static long drainReplies(DatagramChannel flooder) throws Exception {
    flooder.configureBlocking(false);
    ByteBuffer reply = ByteBuffer.allocate(65536);
    long count = 0;
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < Duration.ofMillis(500).toNanos()) {
      if (flooder.receive(reply.clear()) != null) {
        String text = new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
        assertTrue(text.contains("error"), text);
        count++;
        quietSince = System.nanoTime();
      } else {
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
    }
    return count;
  }
}
