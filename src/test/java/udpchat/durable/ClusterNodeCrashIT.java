package udpchat.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static udpchat.durable.ChatProcess.entry;
import static udpchat.durable.ChatProcess.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import udpchat.testing.FreePorts;
import udpchat.testing.TestPostgres;

/**
 * Cluster mode end to end: three server nodes, each a process of its own with its UDP and cluster
 * port on 127.0.0.1, one PostgreSQL journal, and four clients (processes too) that each list the
 * three servers, each registered through a different node first. They chat across the nodes
 * (direct, group, offline, receipts, a peer that the server finds alive). Then the node that holds
 * the entity of the client with stored messages either dies (SIGKILL: the others carry on through
 * the survivors, the client's {@code reg} returns each stored message once, in order, the node
 * restarts and rejoins) or leaves the orderly way (SIGTERM: its entities hand over, and no client
 * shows more than what it did). Nothing is lost, nothing is shown twice (every client's lines are
 * read in order; an extra one fails the next expectation or the final quiet).
 */
class ClusterNodeCrashIT {
  private static final String T = ChatProcess.ANY_TIME;

  /**
   * How long the others may take to carry on after a node is killed: the failure detector's
   * pause (5 s), the Split Brain Resolver's stable-after (7 s), the shards and perhaps the
   * directory starting elsewhere, on a loaded machine.
   */
  private static final Duration CARRY_ON_BOUND = Duration.ofSeconds(60);

  /**
   * A client of a cluster waits out a failover: its request goes round the three servers four
   * times, five tries (500 ms apart) at each, so 30 s in all before it gives up.
   */
  private static final List<String> CLIENT_SETTINGS = List.of("-Dudpchat.server-rounds=4");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir;

  private final List<ChatProcess> started = new ArrayList<>();
  private final int[] udpPorts = new int[3];
  private final int[] clusterPorts = new int[3];
  private final ChatProcess[] nodes = new ChatProcess[3];
  private final Map<String, Integer> clientPorts = new LinkedHashMap<>();
  private final Map<String, Boolean> online = new LinkedHashMap<>();

  @BeforeEach
  void emptyJournal() throws Exception {
    TestPostgres.emptyJournal();
    for (int i = 0; i < 3; i++) {
      udpPorts[i] = FreePorts.nextForBoth();
      clusterPorts[i] = FreePorts.nextForBoth();
    }
  }

  @AfterEach
  void stopEverything() {
    started.forEach(ChatProcess::close);
  }

  @Test
  void aKilledNodeLosesNothing() throws Exception {
    startTheCluster();
    ChatProcess w = register("w", 0);
    ChatProcess x = register("x", 1);
    ChatProcess y = register("y", 2);
    ChatProcess z = register("z", 0);

    // A direct message between clients of different nodes: each has the other from the table.
    w.type("send y direct hi");
    w.expect("[Message received by y.]");
    y.expect("w: direct hi");

    // y is there but slow: x's message goes to x's first server, which finds y alive, wherever
    // y's entity is, and says so; x then reaches y directly (y shows it once).
    y.pause();
    x.type("send y are you there");
    x.expect("[No ACK from y, message sent to server.]");
    y.resume();
    x.expect("[Client y exists!!]", "[Message received by y.]");
    y.expect("x: are you there");

    x.type("send_all hello all");
    x.expect("[Group Message received by Server.]");
    for (ChatProcess other : List.of(w, y, z)) {
      other.expect("Group Chat x:  hello all");
    }

    // z goes offline; messages for it are stored wherever its entity is.
    storeTwoForZ(z, y, w, x);

    // The node that holds z's entity dies without a word.
    int killed = nodeWhoseLogSays("z goes offline");
    nodes[killed].kill();
    long killedAt = System.nanoTime();
    ChatProcess[] survivors = without(killed);

    x.type("send_all after the crash");
    x.expect("[Group Message received by Server.]");
    w.expect("Group Chat x:  after the crash");
    y.expect("Group Chat x:  after the crash");
    Duration carriedOn = Duration.ofNanos(System.nanoTime() - killedAt);
    System.out.println("cluster: a group message went through " + carriedOn.toMillis()
        + " ms after node " + udpPorts[killed] + " was killed");
    assertTrue(carriedOn.compareTo(CARRY_ON_BOUND) < 0,
        "the chat carried on " + carriedOn + " after the kill");

    // z's entity recovered on a surviving node: every message once, in order.
    z.type("reg");
    z.expect("[RegSent]", "[You have offline messages:]",
        "y: " + T + " one",
        "w: " + T + " two",
        "Group Chat x: " + T + " group two",
        "Group Chat x: " + T + " after the crash");
    tableChanged("z", true, survivors);
    y.expect(" [Offline Message sent at " + T + " received by z.]");
    w.expect(" [Offline Message sent at " + T + " received by z.]");

    // The killed node restarts and rejoins: it is sent the table, and prints the next change.
    nodes[killed] = node(killed);
    nodes[killed].expect(listening(killed));
    w.type("dereg");
    w.expect("[You are Offline. Bye.]");
    tableChanged("w", false, nodes);
    w.type("reg");
    w.expect("[RegSent]");
    tableChanged("w", true, nodes);

    everyClientHasTheWholeTable(w, x, y, z);
  }

  @Test
  void aNodeThatLeavesHandsOverWithNoClientNoticing() throws Exception {
    startTheCluster();
    ChatProcess w = register("w", 0);
    ChatProcess x = register("x", 1);
    ChatProcess y = register("y", 2);
    ChatProcess z = register("z", 0);
    storeTwoForZ(z, y, w, x);

    // The node with z's entity leaves the orderly way: its shards (and the directory, if it is
    // there) move to the others before it exits.
    int leaving = nodeWhoseLogSays("z goes offline");
    long leftAt = System.nanoTime();
    assertEquals(0, nodes[leaving].terminate(), "a node stopped with SIGTERM exits with 0");
    long exitedAt = System.nanoTime();
    ChatProcess[] remaining = without(leaving);

    // Every client carries on; those that listed the leaving node first move on after a retry,
    // and none prints more than the lines of what it did.
    y.type("send_all after the leave");
    y.expect("[Group Message received by Server.]");
    System.out.println("cluster: node " + udpPorts[leaving] + " left in "
        + Duration.ofNanos(exitedAt - leftAt).toMillis() + " ms; a group message went through "
        + Duration.ofNanos(System.nanoTime() - exitedAt).toMillis() + " ms after it exited");
    w.expect("Group Chat y:  after the leave");
    x.expect("Group Chat y:  after the leave");
    z.type("reg");
    z.expect("[RegSent]", "[You have offline messages:]",
        "y: " + T + " one",
        "w: " + T + " two",
        "Group Chat x: " + T + " group two",
        "Group Chat y: " + T + " after the leave");
    tableChanged("z", true, remaining);
    y.expect(" [Offline Message sent at " + T + " received by z.]");
    w.expect(" [Offline Message sent at " + T + " received by z.]");
    w.type("send_all w is still here");
    w.expect("[Group Message received by Server.]");
    for (ChatProcess other : List.of(x, y, z)) {
      other.expect("Group Chat w:  w is still here");
    }

    everyClientHasTheWholeTable(w, x, y, z);
  }

  /** The first seed forms the cluster; the others join it. */
  private void startTheCluster() {
    nodes[0] = node(0);
    nodes[0].expect(listening(0));
    nodes[1] = node(1);
    nodes[2] = node(2);
    nodes[1].expect(listening(1));
    nodes[2].expect(listening(2));
  }

  /** z goes offline; y and w leave it a message each, x a group message (through 3 nodes). */
  private void storeTwoForZ(ChatProcess z, ChatProcess y, ChatProcess w, ChatProcess x) {
    z.type("dereg");
    z.expect("[You are Offline. Bye.]");
    tableChanged("z", false, nodes);
    y.type("send z one");
    y.expectAfterOptional("[No ACK from z, message sent to server.]",
        "[Offline Message sent at " + T + " received by the server and saved.]");
    w.type("send z two");
    w.expectAfterOptional("[No ACK from z, message sent to server.]",
        "[Offline Message sent at " + T + " received by the server and saved.]");
    x.type("send_all group two");
    x.expect("[Group Message received by Server.]");
    w.expect("Group Chat x:  group two");
    y.expect("Group Chat x:  group two");
  }

  /** Nothing more on any client; each one's table, whichever node each change went through. */
  private void everyClientHasTheWholeTable(ChatProcess... clients) throws InterruptedException {
    for (ChatProcess client : clients) {
      client.expectNothingFor(Duration.ofMillis(500));
    }
    for (ChatProcess client : clients) {
      client.type("list");
      for (String name : clientPorts.keySet()) {
        client.expect(name + " 127.0.0.1:" + clientPorts.get(name) + " online");
      }
    }
  }

  private ChatProcess node(int i) {
    List<String> args = List.of("-s", "" + udpPorts[i], "--cluster-port", "" + clusterPorts[i],
        "--seed-nodes", "127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1]);
    return track(ChatProcess.startJar("server-" + udpPorts[i], workDir,
        TestPostgres.storeSettings(), args.toArray(String[]::new)));
  }

  private String listening(int i) {
    return "[Server listening on port " + udpPorts[i] + ".]";
  }

  /** A client whose first server is node {@code first}; the other two follow in order. */
  private ChatProcess register(String name, int first) {
    int port = FreePorts.next();
    clientPorts.put(name, port);
    String others = "127.0.0.1:" + udpPorts[(first + 1) % 3] + ",127.0.0.1:"
        + udpPorts[(first + 2) % 3];
    ChatProcess client = track(ChatProcess.startJar(name, workDir, CLIENT_SETTINGS, "-c", name,
        "127.0.0.1", "" + udpPorts[first], "" + port, "--servers", others));
    client.expect("[Welcome, You are registered.]");
    tableChanged(name, true, nodes);
    return client;
  }

  /** {@code name} is online or not now: each of {@code shown} prints the new table. */
  private void tableChanged(String name, boolean isOnline, ChatProcess... shown) {
    online.put(name, isOnline);
    List<String> entries = new ArrayList<>();
    online.forEach((client, on) -> entries.add(entry(client, clientPorts.get(client), on)));
    String printed = table(entries.toArray(String[]::new));
    for (ChatProcess node : shown) {
      node.expect("[Client table updated.]", printed);
    }
  }

  /** The node whose log file has a line with {@code text} (an entity logs where it runs). */
  private int nodeWhoseLogSays(String text) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 3; i++) {
        Path log = workDir.resolve("logs").resolve("server-" + udpPorts[i] + ".log");
        if (Files.exists(log)
            && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
          return i;
        }
      }
      Thread.sleep(200); // the log is written in batches
    }
    fail("no node's log in " + workDir + " says \"" + text + "\"");
    return -1;
  }

  private ChatProcess[] without(int gone) {
    List<ChatProcess> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (i != gone) {
        others.add(nodes[i]);
      }
    }
    return others.toArray(ChatProcess[]::new);
  }

  private ChatProcess track(ChatProcess process) {
    started.add(process);
    return process;
  }
}
