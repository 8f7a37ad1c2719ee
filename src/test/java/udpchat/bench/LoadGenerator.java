package udpchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import udpchat.client.TableReplica;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.PacketCodec;

/**
 * Many simulated clients in one thread: one {@link Selector}, one non-blocking
 * {@link DatagramChannel} per client, all speaking the protocol over real UDP to one server or to
 * the nodes of a cluster (each client to one of them; a push is answered to the node that sent
 * it, and an answer is taken from any node). Every
 * packet is built and read with the project's {@link PacketCodec}, except what {@link Wire} can
 * read or write without it (the type of every datagram, so the table updates of clients whose table
 * is not followed are skipped unread; a group message's id and its ack). Requests are retried
 * like a client's (same id, every ACK timeout). Not thread-safe: one thread drives it with
 * {@link #runUntil}.
 */
final class LoadGenerator implements AutoCloseable {
  /** The server's default ack-timeout: how long a request waits before it is sent again. */
  static final long ACK_TIMEOUT_NANOS = 500_000_000L;

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int TIMER_PERIOD_NANOS = 5_000_000;

  /** What a group-message round has seen so far; the fan-out benchmark reads it. */
  static final class GroupProbe {
    int arrivals;
    long lastArrival;
    long lastAckSent;
    int silentArrivals;
    int mailboxOffers;
    long firstMailboxOffer;
  }

  /** The answer to a request (ack, conf_reg, no_reg or error), or null when it never came. */
  @FunctionalInterface
  interface ReplyHandler {
    void onReply(Packet reply, long nanos);
  }

  /** A request waiting for its answer. */
  private static final class Pending {
    final SimulatedClient client;
    final byte[] bytes;
    final ReplyHandler handler;
    final long firstSent;
    long lastSent;
    int attempts = 1;

    Pending(SimulatedClient client, byte[] bytes, ReplyHandler handler, long now) {
      this.client = client;
      this.bytes = bytes;
      this.handler = handler;
      this.firstSent = now;
      this.lastSent = now;
    }
  }

  private record Outgoing(SimulatedClient client, ByteBuffer bytes, SocketAddress to) {}

  /** One request of a batch: who sends it and the packet for a given id. */
  record Spec(SimulatedClient client, LongFunction<Packet> packet) {}

  private final Selector selector;
  private final List<InetSocketAddress> servers;
  private final PacketCodec codec;
  private final boolean fastPath;
  private final int maxAttempts;
  private final List<SimulatedClient> clients = new ArrayList<>();
  private final List<SimulatedClient> tracked = new ArrayList<>();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final ArrayDeque<Outgoing> backlog = new ArrayDeque<>();
  private final byte[] buffer = new byte[65536];
  private final ByteBuffer receive = ByteBuffer.wrap(buffer);
  private final List<String> errorSamples = new ArrayList<>();
  private long nextId = ThreadLocalRandom.current().nextLong(1, 1L << 31);
  private long lastTimerCheck;
  private GroupProbe probe;

  long datagramsIn;
  long lastDatagramAt = System.nanoTime();
  long tableUpdatesSkipped;
  long errorsIn;
  long retries;

  /**
   * @param maxAttempts how often a request is sent before it counts as unanswered (a real client:
   *     request-attempts, 5)
   */
  LoadGenerator(InetSocketAddress server, PacketCodec codec, int maxAttempts) {
    this(List.of(server), codec, maxAttempts);
  }

  /** Clients opened in turn talk to each of {@code servers}, the first to the first. */
  LoadGenerator(List<InetSocketAddress> servers, PacketCodec codec, int maxAttempts) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.servers = List.copyOf(servers);
    this.codec = codec;
    this.fastPath = Wire.agreesWith(codec);
    this.maxAttempts = maxAttempts;
  }

  boolean fastPath() {
    return fastPath;
  }

  // ---- Clients ---------------------------------------------------------------------------------

  /** Opens {@code count} new clients named {@code prefix0}, {@code prefix1}, … */
  List<SimulatedClient> open(int count, String prefix) throws IOException {
    List<SimulatedClient> opened = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
      channel.bind(new InetSocketAddress(LOOPBACK, 0));
      channel.configureBlocking(false);
      SimulatedClient client =
          new SimulatedClient(prefix + i, channel, (InetSocketAddress) channel.getLocalAddress(),
              servers.get(clients.size() % servers.size()));
      channel.register(selector, SelectionKey.OP_READ, client);
      clients.add(client);
      opened.add(client);
    }
    return opened;
  }

  /** The generator follows this client's table (it must not be registered yet). */
  void track(SimulatedClient client) throws IOException {
    client.table = new TrackedTable(5);
    client.channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    tracked.add(client);
  }

  void probe(GroupProbe probe) {
    this.probe = probe;
  }

  List<String> errorSamples() {
    return errorSamples;
  }

  // ---- Requests --------------------------------------------------------------------------------

  /** Sends a request with a fresh id; retried every ACK timeout until answered or given up. */
  long request(SimulatedClient client, LongFunction<Packet> packet, ReplyHandler handler) {
    long id = nextId++;
    byte[] bytes = codec.encode(packet.apply(id));
    pending.put(id, new Pending(client, bytes, handler, System.nanoTime()));
    send(client, bytes);
    return id;
  }

  /** A freg for {@code client}; its conf_reg (or refusal) goes to {@code handler}. */
  long freg(SimulatedClient client, ReplyHandler handler) {
    return request(
        client,
        id -> {
          client.fregId = id;
          return new Packet.Freg(id, new NamePort(client.name, client.port()));
        },
        handler);
  }

  /**
   * Runs {@code count} requests, at most {@code window} unanswered at a time, until all are
   * answered or {@code limitNanos} has passed (then no more are sent). An ack or conf_reg counts
   * as answered, an error or no_reg as refused.
   */
  Batch batch(int count, int window, long limitNanos, IntFunction<Spec> specs) {
    long[] latencies = new long[count];
    long[] completions = new long[count];
    int[] counts = new int[3]; // answered, refused, unanswered
    int[] inFlight = {0};
    long start = System.nanoTime();
    long deadline = start + limitNanos;
    long[] lastReply = {start};
    int issued = 0;
    while (counts[0] + counts[1] + counts[2] < issued || issued < count) {
      long now = System.nanoTime();
      boolean expired = now > deadline;
      while (!expired && inFlight[0] < window && issued < count) {
        Spec spec = specs.apply(issued);
        inFlight[0]++;
        issued++;
        long sentAt = System.nanoTime();
        ReplyHandler handler =
            (reply, nanos) -> {
              inFlight[0]--;
              lastReply[0] = nanos;
              if (reply instanceof Packet.Ack || reply instanceof Packet.ConfReg) {
                completions[counts[0]] = nanos - start;
                latencies[counts[0]++] = nanos - sentAt;
              } else if (reply == null) {
                counts[2]++;
              } else {
                counts[1]++;
              }
            };
        if (spec.packet() == null) {
          freg(spec.client(), handler);
        } else {
          request(spec.client(), spec.packet(), handler);
        }
      }
      // When the time is up, what is on its way may still be answered: a few ACK timeouts more.
      if (expired && (inFlight[0] == 0 || now > deadline + 3 * ACK_TIMEOUT_NANOS)) {
        break;
      }
      poll(5);
    }
    return new Batch(
        Arrays.copyOf(latencies, counts[0]), Arrays.copyOf(completions, counts[0]), counts[0],
        counts[1], issued - counts[0] - counts[1], count - issued, lastReply[0] - start);
  }

  /** Registers {@code list} (freg), at most {@code window} unanswered at a time. */
  Batch register(List<SimulatedClient> list, int window, long limitNanos) {
    return batch(list.size(), window, limitNanos, i -> new Spec(list.get(i), null));
  }

  /** Sends a datagram to {@code client}'s server from its socket. */
  void send(SimulatedClient client, byte[] bytes) {
    send(client, bytes, client.server);
  }

  /** Sends a datagram from {@code client}'s socket: to its server, or the node that pushed. */
  private void send(SimulatedClient client, byte[] bytes, SocketAddress to) {
    ByteBuffer datagram = ByteBuffer.wrap(bytes);
    if (!backlog.isEmpty() || !trySend(client, datagram, to)) {
      backlog.add(new Outgoing(client, datagram, to));
    }
  }

  void send(SimulatedClient client, Packet packet) {
    send(client, codec.encode(packet));
  }

  private boolean trySend(SimulatedClient client, ByteBuffer datagram, SocketAddress to) {
    try {
      return client.channel.send(datagram, to) > 0;
    } catch (IOException e) {
      sample("send from " + client + " failed: " + e);
      return true; // dropped, as the network would
    }
  }

  // ---- The loop --------------------------------------------------------------------------------

  /** Runs the loop until {@code done} or the time is up; true if done. */
  boolean runUntil(BooleanSupplier done, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!done.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      poll(Math.max(1, Math.min(5, left / 1_000_000)));
    }
    return true;
  }

  void runFor(long nanos) {
    runUntil(() -> false, nanos);
  }

  /** Runs until no datagram has come for {@code quietNanos} (at most {@code maxNanos}). */
  boolean quiet(long quietNanos, long maxNanos) {
    lastDatagramAt = Math.max(lastDatagramAt, System.nanoTime() - quietNanos / 2);
    return runUntil(() -> System.nanoTime() - lastDatagramAt >= quietNanos, maxNanos);
  }

  /** One turn: waits up to {@code timeoutMillis} for datagrams, handles them, runs the timers. */
  void poll(long timeoutMillis) {
    try {
      flushBacklog();
      if (timeoutMillis <= 0) {
        selector.selectNow(key -> drain((SimulatedClient) key.attachment()));
      } else {
        selector.select(key -> drain((SimulatedClient) key.attachment()), timeoutMillis);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long now = System.nanoTime();
    if (now - lastTimerCheck >= TIMER_PERIOD_NANOS) {
      lastTimerCheck = now;
      runTimers(now);
    }
  }

  private void flushBacklog() {
    while (!backlog.isEmpty()) {
      Outgoing next = backlog.peek();
      if (!trySend(next.client(), next.bytes(), next.to())) {
        return;
      }
      backlog.poll();
    }
  }

  private void drain(SimulatedClient client) {
    try {
      for (int i = 0; i < 256; i++) {
        receive.clear();
        SocketAddress from = client.channel.receive(receive);
        if (from == null) {
          return;
        }
        handle(client, from, receive.position(), System.nanoTime());
      }
    } catch (IOException e) {
      sample("receive on " + client + " failed: " + e);
    }
  }

  private void handle(SimulatedClient client, SocketAddress from, int length, long now) {
    datagramsIn++;
    lastDatagramAt = now;
    if (fastPath) {
      Wire.Kind kind = Wire.kind(buffer, length);
      if (kind == Wire.Kind.TABLE_UPDATE && client.table == null) {
        tableUpdatesSkipped++;
        return;
      }
      if (kind == Wire.Kind.GROUP_CHAT) {
        long id = Wire.id(buffer, length);
        if (id > 0) {
          onGroupChat(client, from, id, now);
          return;
        }
      }
    }
    Packet packet;
    try {
      packet = codec.decode(Arrays.copyOf(buffer, length));
    } catch (MalformedPacketException e) {
      sample("undecodable datagram for " + client + ": " + e.getMessage());
      return;
    }
    dispatch(client, from, packet, now);
  }

  /** {@code from}: the node that sent it, which takes the ACK of a push. */
  private void dispatch(SimulatedClient client, SocketAddress from, Packet packet, long now) {
    if (packet instanceof Packet.ConfReg confReg) {
      if (confReg.id() == client.fregId) {
        client.token = confReg.token();
        client.registered = true;
        if (client.table != null) {
          after(client, client.table.confirmed(confReg), now);
        }
      }
      resolve(client, confReg.id(), packet, now);
    } else if (packet instanceof Packet.TableUpdate update) {
      if (client.table != null) {
        after(client, client.table.take(update), now);
      }
    } else if (packet instanceof Packet.GroupChat groupChat) {
      onGroupChat(client, from, groupChat.id(), now);
    } else if (packet instanceof Packet.OfflineMessages mailbox) {
      if (probe != null && probe.mailboxOffers++ == 0) {
        probe.firstMailboxOffer = now;
      }
      if (client.acksMailbox) {
        send(client, codec.encode(new Packet.Ack(mailbox.id(), client.name, client.token)), from);
      }
    } else if (packet instanceof Packet.Receipt receipt) {
      send(client, codec.encode(new Packet.Ack(receipt.id(), client.name, client.token)), from);
    } else if (packet instanceof Packet.StatusCheck check) {
      send(client, codec.encode(new Packet.StatusConfirm(check.id(), client.name, client.token)),
          from);
    } else if (packet instanceof Packet.Ack ack) {
      resolve(client, ack.id(), packet, now);
    } else if (packet instanceof Packet.NoReg noReg) {
      sample(client + ": no_reg " + noReg.message());
      resolve(client, noReg.id(), packet, now);
    } else if (packet instanceof Packet.ErrorReply error) {
      errorsIn++;
      sample(client + ": error " + error.message());
      resolve(client, error.id(), packet, now);
    }
  }

  private void onGroupChat(SimulatedClient client, SocketAddress from, long id, long now) {
    if (!client.acksGroupMessages) {
      if (probe != null) {
        probe.silentArrivals++;
      }
      return;
    }
    send(client, fastPath ? Wire.ack(id, client.name, client.token)
        : codec.encode(new Packet.Ack(id, client.name, client.token)), from);
    if (probe != null) {
      probe.arrivals++;
      probe.lastArrival = now;
      probe.lastAckSent = System.nanoTime();
    }
  }

  private void resolve(SimulatedClient client, long id, Packet reply, long now) {
    Pending waiting = pending.get(id);
    if (waiting != null && waiting.client == client) {
      pending.remove(id);
      waiting.handler.onReply(reply, now);
    }
  }

  private void after(SimulatedClient client, TableReplica.Next next, long now) {
    switch (next) {
      case ASK_NOW -> {
        sync(client);
        client.tableTimerDeadline = now + ACK_TIMEOUT_NANOS;
      }
      case START_TIMER -> client.tableTimerDeadline = now + ACK_TIMEOUT_NANOS;
      case NOTHING -> {
        if (!client.table.incomplete()) {
          client.tableTimerDeadline = 0;
        }
      }
    }
  }

  /** Asks the server for the table's changes after the version {@code client} has. */
  void sync(SimulatedClient client) {
    send(client, new Packet.TableSync(client.name, client.table.version(), client.token));
    client.table.syncSent();
  }

  private void runTimers(long now) {
    List<Pending> givenUp = new ArrayList<>();
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending waiting = it.next();
      if (now - waiting.lastSent < ACK_TIMEOUT_NANOS) {
        continue;
      }
      if (waiting.attempts >= maxAttempts) {
        it.remove();
        givenUp.add(waiting);
      } else {
        waiting.attempts++;
        waiting.lastSent = now;
        retries++;
        send(waiting.client, waiting.bytes);
      }
    }
    givenUp.forEach(waiting -> waiting.handler.onReply(null, now));
    for (SimulatedClient client : tracked) {
      if (client.tableTimerDeadline != 0 && now >= client.tableTimerDeadline) {
        if (client.table.timedOut()) {
          sync(client);
          client.tableTimerDeadline = now + ACK_TIMEOUT_NANOS;
        } else {
          client.tableTimerDeadline = 0;
        }
      }
    }
  }

  private void sample(String problem) {
    if (errorSamples.size() < 20) {
      errorSamples.add(problem);
    }
  }

  @Override
  public void close() {
    for (SimulatedClient client : clients) {
      try {
        client.channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
