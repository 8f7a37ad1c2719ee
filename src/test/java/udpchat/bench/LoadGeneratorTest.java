package udpchat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.config.ChatSettings;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;
import udpchat.protocol.SessionToken;

/**
 * Keeps the benchmark's load generator working: five simulated clients against a real server in
 * this JVM over real UDP register, one sends a group message that the other four get and ACK,
 * and their tables equal the server's. No timing is checked (the limits below are only there so
 * a broken generator fails instead of hanging). The benchmark itself: {@link Benchmark}.
 */
class LoadGeneratorTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ChatSettings SETTINGS = InProcessServer.SETTINGS;
  private static final long PATIENCE = 30_000_000_000L;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void simulatedClientsRegisterGetAGroupMessageAndKeepTheServersTable() throws Exception {
    InProcessServer server = InProcessServer.start(testKit, "bench-test-server");
    PacketCodec codec = new PacketCodec(SETTINGS.maxDatagramBytes());
    try (LoadGenerator generator =
        new LoadGenerator(server.address(), codec, 10)) {
      assertTrue(generator.fastPath(), "Wire no longer reads and writes what the codec does");
      List<SimulatedClient> clients = generator.open(5, "c");
      SimulatedClient sender = clients.get(0);
      generator.track(sender);
      Batch registered = generator.register(clients, 5, PATIENCE);
      assertEquals(5, registered.answered(), "registered; " + generator.errorSamples());

      LoadGenerator.GroupProbe probe = new LoadGenerator.GroupProbe();
      generator.probe(probe);
      boolean[] acked = {false};
      generator.request(sender,
          id -> new Packet.GroupChat(id, sender.name, "hello everyone", sender.token),
          (reply, nanos) -> acked[0] = reply instanceof Packet.Ack);
      assertTrue(generator.runUntil(() -> acked[0] && probe.arrivals == 4, PATIENCE),
          "group message ACKed and delivered to the other four; " + generator.errorSamples());

      // On a busy machine an ACK may come after the server's timeout: that recipient is marked
      // offline and offered its mailbox, which the generator ACKs, and it is online again.
      assertTrue(generator.runUntil(() -> sender.table.entries().size() == 5
              && sender.table.entries().stream().allMatch(ClientEntry::online), PATIENCE),
          "everyone online in the sender's table: " + sender.table.entries());
      TableCheck check = TableCheck.run(generator, clients, List.of(sender));
      System.out.println(check.report());
      assertTrue(check.equal(), check.report());
      assertEquals(0, generator.errorsIn, "errors: " + generator.errorSamples());
    }
  }

  /**
   * On a cluster each simulated client talks to one node, in turn, and takes an answer from any;
   * a push is ACKed to the node that sent it, as the round waiting for the ACK is there.
   */
  @Test
  void clientsAreSpreadOverTheNodesAndAckAPushToTheNodeThatSentIt() throws Exception {
    PacketCodec codec = new PacketCodec(SETTINGS.maxDatagramBytes());
    try (DatagramSocket nodeA = node(); DatagramSocket nodeB = node();
        LoadGenerator generator = new LoadGenerator(
            List.of(address(nodeA), address(nodeB)), codec, 10)) {
      List<SimulatedClient> clients = generator.open(3, "c");
      assertEquals(List.of(address(nodeA), address(nodeB), address(nodeA)),
          clients.stream().map(client -> client.server).toList());

      SecureRandom random = new SecureRandom();
      SimulatedClient second = clients.get(1);
      second.token = SessionToken.generate(random);
      Packet[] answer = {null};
      long id = generator.request(second, n -> new Packet.Reg(n, second.name, second.token),
          (reply, nanos) -> answer[0] = reply);
      DatagramPacket request = receive(nodeB, generator);
      assertEquals(new Packet.Reg(id, second.name, second.token), decode(codec, request));
      Packet.Ack fromA = new Packet.Ack(id, "server", null);
      send(nodeA, codec.encode(fromA), second.address);
      assertTrue(generator.runUntil(() -> answer[0] != null, PATIENCE), "answered from node A");
      assertEquals(fromA, answer[0]);

      SimulatedClient first = clients.get(0);
      first.token = SessionToken.generate(random);
      send(nodeB, codec.encode(new Packet.GroupChat(77, "someone", "hi", first.token)),
          first.address);
      DatagramPacket ack = receive(nodeB, generator);
      assertEquals(new Packet.Ack(77, first.name, first.token), decode(codec, ack));
      nodeA.setSoTimeout(200);
      assertThrows(SocketTimeoutException.class, () -> nodeA.receive(datagram()),
          "node A, the client's own server, got nothing of the push");
    }
  }

  private static DatagramSocket node() throws SocketException {
    return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  private static InetSocketAddress address(DatagramSocket node) {
    return (InetSocketAddress) node.getLocalSocketAddress();
  }

  private static DatagramPacket datagram() {
    return new DatagramPacket(new byte[65536], 65536);
  }

  /** The next datagram the node gets, the generator running meanwhile (it sends from its loop). */
  private static DatagramPacket receive(DatagramSocket node, LoadGenerator generator)
      throws IOException {
    node.setSoTimeout(10);
    DatagramPacket packet = datagram();
    long deadline = System.nanoTime() + PATIENCE;
    while (System.nanoTime() < deadline) {
      try {
        node.receive(packet);
        return packet;
      } catch (SocketTimeoutException notYet) {
        generator.poll(1);
      }
    }
    throw new AssertionError("nothing came to " + address(node));
  }

  private static void send(DatagramSocket node, byte[] bytes, InetSocketAddress to)
      throws IOException {
    node.send(new DatagramPacket(bytes, bytes.length, to));
  }

  private static Packet decode(PacketCodec codec, DatagramPacket packet) throws Exception {
    return codec.decode(Arrays.copyOf(packet.getData(), packet.getLength()));
  }

  @Test
  void roundLinesAreReadWithOrWithoutAnEndTime() {
    ServerRoundLog.RoundEnd withEnd = ServerRoundLog.parseLine(
        "2026-11-27 19:00:00.000 INFO  [server] u.server.DeliveryRound - round over: 1000"
            + " recipients, 998 answered, 2 did not, ended by the timeout 500123 us after the"
            + " first send (end nanoTime=123456789)");
    assertEquals(1000, withEnd.size());
    assertEquals(998, withEnd.answered());
    assertEquals(123456789L, withEnd.endNanos());
    ServerRoundLog.RoundEnd older = ServerRoundLog.parseLine(
        "2026-11-27 19:00:00.000 DEBUG [server] u.server.DeliveryRound - round over: 70"
            + " answered, 930 did not");
    assertEquals(1000, older.size());
    assertEquals(-1, older.endNanos());
    assertEquals(null, ServerRoundLog.parseLine("in ack id=5 <- 127.0.0.1:4000 (70 B)"));
  }

  @Test
  void statsGiveTheMedianAndTheNearestRankP99() {
    long[] values = new long[200];
    for (int i = 0; i < values.length; i++) {
      values[i] = i + 1;
    }
    Stats stats = Stats.of(values);
    assertEquals(100, stats.median());
    assertEquals(198, stats.p99());
    assertEquals(200, stats.max());
  }
}
