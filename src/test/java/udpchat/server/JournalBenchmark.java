package udpchat.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.config.ConfigLoader;
import udpchat.console.Console;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.ToOffline;
import udpchat.store.JournalSchema;
import udpchat.store.StoreSettings;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * How fast the server stores messages for an offline client, and how long a restart takes to
 * recover them, for each journal. The registry runs in-process behind an in-memory socket (no UDP,
 * no codec), so the figures are the registry's and its journal's: x sends {@code to_offline} for
 * offline y, up to {@value #WINDOW} unanswered at a time, and the clock stops at the last ACK
 * (each ACK leaves only once its event is written). Recovery is a new actor system starting a new
 * registry on the same journal until it is ready to open its socket (for the in-memory journal, a
 * new registry in the same system: its journal lives there).
 *
 * <pre>
 * mvn -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=udpchat.server.JournalBenchmark -Dexec.args="memory,h2,postgresql 100000"
 * </pre>
 *
 * PostgreSQL is the one {@code -Dudpchat.postgresql.url/user/password} name (the test database of
 * {@code .ci/start-postgresql} by default).
 */
public final class JournalBenchmark {
  private static final int WINDOW = 256;
  private static final InetSocketAddress X = new InetSocketAddress("127.0.0.1", 3333);
  private static final InetSocketAddress Y = new InetSocketAddress("127.0.0.1", 1111);
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** One journal's figures. */
  record Result(String journal, int stored, double storesPerSecond, Duration recovery) {
    @Override
    public String toString() {
      return String.format("%-12s %,9d stored  %,9.0f stores/s  recovery of %,d messages: %,d ms",
          journal, stored, storesPerSecond, stored, recovery.toMillis());
    }
  }

  private JournalBenchmark() {}

  public static void main(String[] args) throws Exception {
    // The figures are the journal's: the registry's per-message log lines are left out.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("udpchat"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    List<String> journals = List.of((args.length > 0 ? args[0] : "memory,h2").split(","));
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    for (String journal : journals) {
      System.out.println(run(journal, count));
    }
    System.exit(0);
  }

  static Result run(String journal, int count) throws Exception {
    Path dataDir = Files.createTempDirectory("udpchat-bench");
    try {
      Config config = configFor(journal, dataDir);
      ChatSettings settings =
          ChatSettings.defaults().withLimits(new ChatLimits(1000, count, 64));
      RegistryJournal key = new RegistryJournal("udpchat-bench-" + UUID.randomUUID(),
          Integer.getInteger("udpchat.snapshot-every", RegistryJournal.DEFAULT_SNAPSHOT_EVERY));

      ActorTestKit first = ActorTestKit.create("bench", config);
      Node node = Node.start(first, settings, key);
      String xToken = node.register("x", X);
      String yToken = node.register("y", Y);
      node.deliver(new Dereg(100, "y", yToken), Y);
      node.awaitSent(Ack.class);

      long start = System.nanoTime();
      int sent = 0;
      int acked = 0;
      while (acked < count) {
        while (sent < count && sent - acked < WINDOW) {
          sent++;
          node.deliver(new ToOffline(1000 + sent, "x", "y", "12:00:00", "message " + sent, xToken), X);
        }
        node.awaitSent(Ack.class);
        acked++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int stored = node.inspect().mailboxes().get("y").size();

      ActorTestKit second = first;
      if (!journal.equals("memory")) {
        first.shutdownTestKit();
        second = ActorTestKit.create("bench", config);
      } else {
        first.stop(node.registry);
      }
      long restart = System.nanoTime();
      Node restarted = Node.start(second, settings, key);
      Duration recovery = Duration.ofNanos(System.nanoTime() - restart);
      int recovered = restarted.inspect().mailboxes().get("y").size();
      second.shutdownTestKit();
      if (recovered != stored) {
        throw new IllegalStateException("stored " + stored + " but recovered " + recovered);
      }
      return new Result(journal, stored, count / seconds, recovery);
    } finally {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(JournalBenchmark::deleteQuietly);
      }
    }
  }

  private static Config configFor(String journal, Path dataDir) throws Exception {
    Config base = ConfigFactory.load();
    if (journal.equals("memory")) {
      // Events and snapshots kept as objects: no serialization, no I/O.
      return ConfigFactory.parseString(
              """
              pekko.persistence.journal.plugin = "udpchat-memory-journal"
              udpchat-memory-journal.class = "udpchat.server.MemoryJournal"
              pekko.persistence.testkit.snapshots.serialize = off
              """)
          .withFallback(base);
    }
    StoreSettings store = StoreSettings.from(
        ConfigFactory.parseMap(Map.of("udpchat.store", journal, "udpchat.data-dir",
                dataDir.toString()))
            .withFallback(ConfigFactory.defaultOverrides())
            .withFallback(ConfigLoader.builtIn()));
    JournalSchema.create(store);
    return store.pekkoConfig().withFallback(base);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a temporary directory: the system cleans it up
    }
  }

  /** A registry behind an in-memory socket that hands the benchmark whatever it sends. */
  private static final class Node {
    final ActorTestKit testKit;
    final BlockingQueue<Transport.Send> sent = new LinkedBlockingQueue<>();
    final CompletableFuture<ActorRef<Transport.Event>> owner = new CompletableFuture<>();
    final CompletableFuture<Void> listening = new CompletableFuture<>();
    ActorRef<ChatServer.Command> registry;
    private long nextId = 1;

    private Node(ActorTestKit testKit) {
      this.testKit = testKit;
    }

    /** Starts a registry and returns once it has recovered and opened its socket. */
    static Node start(ActorTestKit testKit, ChatSettings settings, RegistryJournal journal)
        throws Exception {
      Node node = new Node(testKit);
      TransportFactory transport =
          (context, local, owner) -> {
            node.owner.complete(owner);
            owner.tell(new Transport.Bound(local));
            return context.spawnAnonymous(
                Behaviors.receive(Transport.Command.class)
                    .onMessage(Transport.Send.class, send -> {
                      node.sent.add(send);
                      return Behaviors.same();
                    })
                    .build());
          };
      Console console =
          new Console() {
            @Override
            public void line(String text) {
              node.listening.complete(null);
            }

            @Override
            public void raw(String text) {}
          };
      node.registry = testKit.spawn(ChatServer.create(
          5000, settings, console, Clock.systemDefaultZone(), transport, exit -> {}, journal));
      node.listening.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      return node;
    }

    String register(String name, InetSocketAddress from) throws InterruptedException {
      deliver(new Freg(nextId++, new NamePort(name, from.getPort())), from);
      return awaitSent(ConfReg.class).token();
    }

    void deliver(Packet packet, InetSocketAddress from) {
      owner.join().tell(new Transport.Received(packet, from));
    }

    /** The next packet of this type the registry sends; others (table updates) are skipped. */
    <P extends Packet> P awaitSent(Class<P> type) throws InterruptedException {
      while (true) {
        Transport.Send send = sent.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (send == null) {
          throw new IllegalStateException("no " + type.getSimpleName() + " within " + PATIENCE);
        }
        if (type.isInstance(send.packet())) {
          return type.cast(send.packet());
        }
      }
    }

    RegistrySnapshot inspect() {
      TestProbe<RegistrySnapshot> probe = testKit.createTestProbe(RegistrySnapshot.class);
      registry.tell(new ChatServer.Inspect(probe.ref()));
      return probe.receiveMessage(PATIENCE);
    }
  }
}
