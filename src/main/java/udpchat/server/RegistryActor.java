package udpchat.server;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.Packet;
import udpchat.protocol.Packet.Ack;
import udpchat.protocol.Packet.ConfReg;
import udpchat.protocol.Packet.Dereg;
import udpchat.protocol.Packet.ErrorReply;
import udpchat.protocol.Packet.Freg;
import udpchat.protocol.Packet.GroupChat;
import udpchat.protocol.Packet.NoReg;
import udpchat.protocol.Packet.OfflineMessages;
import udpchat.protocol.Packet.Receipt;
import udpchat.protocol.Packet.Reg;
import udpchat.protocol.Packet.StatusCheck;
import udpchat.protocol.Packet.StatusConfirm;
import udpchat.protocol.Packet.TableUpdate;
import udpchat.protocol.Packet.ToOffline;
import udpchat.protocol.PacketCodec;
import udpchat.protocol.PacketIds;
import udpchat.protocol.RecentRequests;
import udpchat.protocol.StoredMessage;
import udpchat.protocol.Timestamps;
import udpchat.server.DeliveryRound.Outcome;
import udpchat.server.DeliveryRound.Recipient;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * The server: owns its socket, the client table and the offline mailboxes (SPEC §5). Requests are
 * answered at once where they can be; every wait for clients (group fan-out, mailbox after
 * {@code reg}, receipts, status checks) is a {@link DeliveryRound} child, whose answers the
 * registry checks and routes by packet id.
 */
public final class RegistryActor {

  /** What the registry reacts to: its socket, the outcome of its rounds. */
  public sealed interface Command {}

  private record FromSocket(Transport.Event event) implements Command {}

  private enum SocketClosed implements Command {
    INSTANCE
  }

  private record RoundFinished(Purpose purpose, Outcome outcome) implements Command {}

  /** Why a round was started: decides what its outcome means. */
  private sealed interface Purpose {}

  /** A group message from {@code sender}, stamped with the server's {@code time}. */
  private record GroupFanOut(String sender, String time, String message) implements Purpose {}

  /** A client's mailbox after {@code reg}; {@code delivered} is the snapshot that was sent. */
  private record MailboxDelivery(String client, List<StoredMessage> delivered) implements Purpose {}

  /** Receipts for the online senders of direct messages just delivered. */
  private record ReceiptDelivery() implements Purpose {}

  /** Is the recipient of a {@code to_offline} really gone? */
  private record StatusCheckFor(ToOffline request, InetSocketAddress requester)
      implements Purpose {}

  /** A packet of ours that a client is expected to answer, and the round waiting for it. */
  private record Awaited(Recipient recipient, ActorRef<DeliveryRound.Command> round) {}

  private static final String NODE = "server";
  private static final Map<String, String> MDC = Map.of("node", NODE);

  private final ActorContext<Command> context;
  private final Logger log;
  private final int port;
  private final ChatSettings settings;
  private final Console console;
  private final Clock clock;
  private final Consumer<NodeExit> onExit;
  private final PacketCodec codec;
  private final ActorRef<Transport.Command> socket;
  private final ClientRegistry clients = new ClientRegistry();
  private final OfflineMailbox mailbox = new OfflineMailbox();
  private final RecentRequests recent;
  private final PacketIds ids = new PacketIds();
  private final Map<Long, Awaited> awaiting = new HashMap<>();

  public static Behavior<Command> create(
      int port,
      ChatSettings settings,
      Console console,
      Clock clock,
      TransportFactory transport,
      Consumer<NodeExit> onExit) {
    return Behaviors.withMdc(
        Command.class,
        MDC,
        Behaviors.setup(
            context ->
                new RegistryActor(context, port, settings, console, clock, transport, onExit)
                    .binding()));
  }

  private RegistryActor(
      ActorContext<Command> context,
      int port,
      ChatSettings settings,
      Console console,
      Clock clock,
      TransportFactory transport,
      Consumer<NodeExit> onExit) {
    this.context = context;
    this.log = context.getLog();
    this.port = port;
    this.settings = settings;
    this.console = console;
    this.clock = clock;
    this.onExit = onExit;
    this.codec = new PacketCodec(settings.maxDatagramBytes());
    this.recent = new RecentRequests(settings.recentIds());
    InetSocketAddress local = new InetSocketAddress(settings.bindHost(), port);
    this.socket =
        transport.open(
            context, local, context.messageAdapter(Transport.Event.class, FromSocket::new));
    // Without its socket the server is deaf: end the process rather than hang.
    context.watchWith(socket, SocketClosed.INSTANCE);
    log.debug("opening UDP port {} on {}", port, settings.bindHost());
  }

  // ---- States -------------------------------------------------------------------------------

  private Behavior<Command> binding() {
    return Behaviors.receive(Command.class)
        .onMessage(FromSocket.class, msg -> onBindingEvent(msg.event()))
        .onMessageEquals(SocketClosed.INSTANCE, this::onSocketClosed)
        .build();
  }

  private Behavior<Command> serving() {
    return Behaviors.receive(Command.class)
        .onMessage(FromSocket.class, msg -> onSocketEvent(msg.event()))
        .onMessage(RoundFinished.class, this::onRoundFinished)
        .onMessageEquals(SocketClosed.INSTANCE, this::onSocketClosed)
        .build();
  }

  private Behavior<Command> onBindingEvent(Transport.Event event) {
    if (event instanceof Transport.Bound bound) {
      log.info("listening on {}", bound.localAddress());
      console.line(ConsoleLines.serverListening(port));
      return serving();
    }
    if (event instanceof Transport.BindFailed failed) {
      log.error("cannot bind {}: {}", failed.localAddress(), failed.reason());
      // The transport's reason is already one whole sentence ("Port 5000 is already in use").
      onExit.accept(NodeExit.failed(failed.reason()));
      return Behaviors.stopped();
    }
    log.warn("dropping {} that arrived before the socket was bound", event);
    return Behaviors.same();
  }

  private Behavior<Command> onSocketClosed() {
    log.error("the server socket stopped");
    onExit.accept(
        NodeExit.failed("The server's UDP socket on port " + port + " closed unexpectedly"));
    return Behaviors.stopped();
  }

  private Behavior<Command> onSocketEvent(Transport.Event event) {
    if (event instanceof Transport.Received received) {
      onPacket(received.packet(), received.from());
    } else if (event instanceof Transport.Rejected rejected) {
      onRejected(rejected);
    } else {
      log.warn("ignoring socket event {} while serving", event);
    }
    return Behaviors.same();
  }

  // ---- Incoming packets ---------------------------------------------------------------------

  /**
   * Answers a datagram that could not be read, so its sender learns why. A well-formed
   * {@code error} is never answered, so two nodes cannot bounce errors between them.
   */
  private void onRejected(Transport.Rejected rejected) {
    log.warn("malformed datagram from {}: {}", rejected.from(), rejected.reason());
    send(ErrorReply.of(0, "malformed packet: " + rejected.reason()), rejected.from());
  }

  private void onPacket(Packet packet, InetSocketAddress source) {
    trace("<-", packet, source);
    if (packet instanceof Ack ack) {
      onAnswer(ack, ack.from(), source);
    } else if (packet instanceof StatusConfirm confirm) {
      onAnswer(confirm, confirm.from(), source);
    } else if (packet instanceof Freg
        || packet instanceof Dereg
        || packet instanceof Reg
        || packet instanceof GroupChat
        || packet instanceof ToOffline) {
      onRequest((Packet.Request) packet, source);
    } else {
      // conf_reg, error, msg, … are for clients: answering them could start a loop.
      log.info("dropping unexpected {} from {}", typeOf(packet), source);
    }
  }

  /** A client request: acted on once; a repeat gets the same answer, or none while in progress. */
  private void onRequest(Packet.Request request, InetSocketAddress source) {
    long id = request.id();
    if (!recent.firstTime(source, id)) {
      Optional<Packet> answer = recent.replyTo(source, id);
      if (answer.isPresent()) {
        log.debug("repeat of {} id {} from {}: answering again", typeOf(request), id, source);
        send(answer.get(), source);
      } else {
        log.debug("repeat of {} id {} from {} in progress: ignored", typeOf(request), id, source);
      }
      return;
    }
    if (request instanceof Freg freg) {
      onFreg(freg, source);
    } else if (request instanceof Dereg dereg) {
      onDereg(dereg, source);
    } else if (request instanceof Reg reg) {
      onReg(reg, source);
    } else if (request instanceof GroupChat groupChat) {
      onGroupChat(groupChat, source);
    } else if (request instanceof ToOffline toOffline) {
      onToOffline(toOffline, source);
    }
  }

  private void onFreg(Freg freg, InetSocketAddress source) {
    String name = freg.message().name();
    int statedPort = freg.message().port();
    if (statedPort != source.getPort()) {
      refuse(freg.id(), source, "stated port " + statedPort + " is not the port "
          + source.getPort() + " the request came from");
      return;
    }
    Optional<ClientEntry> existing = clients.get(name);
    if (existing.isEmpty()) {
      log.info("registering new client {} at {}", name, source);
      releaseAddress(source, name);
      clients.add(name, source);
      printTable();
      answer(source, freg.id(), new ConfReg(freg.id(), clients.snapshot()));
      broadcastTable(name);
    } else if (existing.get().isAt(source)) {
      log.info("{} registered again from its own address {}: a restart, as reg", name, source);
      boolean changed = comeOnline(name, source);
      if (changed) {
        printTable();
      }
      answer(source, freg.id(), new ConfReg(freg.id(), clients.snapshot()));
      if (changed) {
        broadcastTable(name);
      }
      deliverMailbox(name);
    } else {
      log.info("refusing name {} to {}: it belongs to {}", name, source, existing.get().address());
      answer(source, freg.id(), new NoReg(freg.id(), ConsoleLines.invalidName()));
    }
  }

  private void onDereg(Dereg dereg, InetSocketAddress source) {
    Optional<ClientEntry> client = authenticated(dereg.id(), dereg.name(), source);
    if (client.isEmpty()) {
      return;
    }
    log.info("{} goes offline", dereg.name());
    if (clients.setOnline(dereg.name(), false)) {
      publishTable();
    }
    answer(source, dereg.id(), ackFromServer(dereg.id()));
  }

  private void onReg(Reg reg, InetSocketAddress source) {
    Optional<ClientEntry> client = authenticated(reg.id(), reg.name(), source);
    if (client.isEmpty()) {
      return;
    }
    log.info("{} comes back online", reg.name());
    answer(source, reg.id(), ackFromServer(reg.id()));
    if (comeOnline(reg.name(), source)) {
      publishTable();
    }
    deliverMailbox(reg.name());
  }

  private void onGroupChat(GroupChat groupChat, InetSocketAddress source) {
    String sender = groupChat.name();
    if (authenticated(groupChat.id(), sender, source).isEmpty()) {
      return;
    }
    answer(source, groupChat.id(), ackFromServer(groupChat.id()));
    String time = Timestamps.now(clock);
    StoredMessage stored = StoredMessage.group(sender, time, groupChat.message());
    List<Recipient> recipients = new ArrayList<>();
    for (ClientEntry client : clients.all()) {
      if (client.name().equals(sender)) {
        continue;
      }
      if (client.online()) {
        recipients.add(
            new Recipient(client.name(), client.address(),
                new GroupChat(ids.next(), sender, groupChat.message())));
      } else {
        mailbox.store(client.name(), stored);
      }
    }
    log.info("group message from {} at {}: delivering to {} online, stored for the rest",
        sender, time, recipients.size());
    startRound(new GroupFanOut(sender, time, groupChat.message()), recipients, 1);
  }

  private void onToOffline(ToOffline request, InetSocketAddress source) {
    if (authenticated(request.id(), request.nameFrom(), source).isEmpty()) {
      return;
    }
    Optional<ClientEntry> recipient = clients.get(request.nameTo());
    if (recipient.isEmpty()) {
      refuse(request.id(), source, "no client named " + request.nameTo() + " is registered");
    } else if (!recipient.get().online()) {
      storeDirect(request, source);
    } else {
      log.info("{} says {} did not answer: checking its status",
          request.nameFrom(), request.nameTo());
      ClientEntry to = recipient.get();
      startRound(new StatusCheckFor(request, source),
          List.of(new Recipient(to.name(), to.address(), new StatusCheck(ids.next()))), 1);
    }
  }

  /**
   * An answer (ack or status_confirm) to a packet of ours counts only when it has the expected
   * type and comes from the very client and address the packet went to.
   */
  private void onAnswer(Packet.Reply answer, String from, InetSocketAddress source) {
    Awaited awaited = awaiting.get(answer.id());
    if (awaited == null) {
      // Also the normal fate of a late ack to a packet that was sent more than once.
      log.debug("dropping {} id {} from {}: nothing is waiting for it",
          typeOf(answer), answer.id(), source);
      return;
    }
    Recipient recipient = awaited.recipient();
    boolean expectedType =
        recipient.packet() instanceof StatusCheck
            ? answer instanceof StatusConfirm
            : answer instanceof Ack;
    if (!expectedType) {
      log.info("dropping {} id {} from {}: not the answer to a {}",
          typeOf(answer), answer.id(), source, typeOf(recipient.packet()));
    } else if (!recipient.address().equals(source) || !recipient.name().equals(from)) {
      log.warn("{} id {} claims to be from {} at {}, but that packet went to {} at {}",
          typeOf(answer), answer.id(), from, source, recipient.name(), recipient.address());
      String kind = answer instanceof Ack ? "ack" : "status_confirm";
      send(ErrorReply.of(answer.id(),
          kind + " for id " + answer.id() + " must come from " + recipient.name()
              + "'s registered address"), source);
    } else {
      awaited.round().tell(new DeliveryRound.Answered(answer.id()));
    }
  }

  // ---- Round outcomes -----------------------------------------------------------------------

  private Behavior<Command> onRoundFinished(RoundFinished finished) {
    Outcome outcome = finished.outcome();
    outcome.answered().forEach(r -> awaiting.remove(r.id()));
    outcome.unanswered().forEach(r -> awaiting.remove(r.id()));
    Purpose purpose = finished.purpose();
    if (purpose instanceof GroupFanOut groupFanOut) {
      onGroupFanOutDone(groupFanOut, outcome);
    } else if (purpose instanceof MailboxDelivery delivery) {
      onMailboxDeliveryDone(delivery, outcome);
    } else if (purpose instanceof ReceiptDelivery) {
      onReceiptDeliveryDone(outcome);
    } else if (purpose instanceof StatusCheckFor statusCheck) {
      onStatusCheckDone(statusCheck, outcome);
    }
    return Behaviors.same();
  }

  private void onGroupFanOutDone(GroupFanOut groupFanOut, Outcome outcome) {
    boolean changed = false;
    for (Recipient silent : outcome.unanswered()) {
      log.info("{} did not ack the group message from {}: offline, message stored",
          silent.name(), groupFanOut.sender());
      mailbox.store(silent.name(),
          StoredMessage.group(groupFanOut.sender(), groupFanOut.time(), groupFanOut.message()));
      changed |= clients.setOnline(silent.name(), false);
    }
    if (changed) {
      publishTable();
    }
  }

  private void onMailboxDeliveryDone(MailboxDelivery delivery, Outcome outcome) {
    String client = delivery.client();
    if (outcome.unanswered().isEmpty()) {
      log.info("{} received its {} offline messages", client, delivery.delivered().size());
      mailbox.removeDelivered(client, delivery.delivered());
      sendReceipts(client, delivery.delivered());
    } else {
      log.info("{} never acked its offline messages: offline again, mailbox kept", client);
      if (clients.setOnline(client, false)) {
        publishTable();
      }
    }
  }

  private void onReceiptDeliveryDone(Outcome outcome) {
    boolean changed = false;
    for (Recipient silent : outcome.unanswered()) {
      Receipt receipt = (Receipt) silent.packet();
      log.info("{} did not ack its receipt: offline, receipt stored", silent.name());
      mailbox.store(silent.name(), StoredMessage.receipt(receipt.name(), receipt.timestamp()));
      changed |= clients.setOnline(silent.name(), false);
    }
    if (changed) {
      publishTable();
    }
  }

  private void onStatusCheckDone(StatusCheckFor statusCheck, Outcome outcome) {
    ToOffline request = statusCheck.request();
    if (outcome.unanswered().isEmpty()) {
      log.info("{} answered its status check: telling {} it exists",
          request.nameTo(), request.nameFrom());
      String exists = ConsoleLines.clientExists(request.nameTo());
      answer(statusCheck.requester(), request.id(),
          new ErrorReply(request.id(), exists, clients.snapshot()));
    } else {
      log.info("{} did not answer its status check: offline", request.nameTo());
      if (clients.setOnline(request.nameTo(), false)) {
        publishTable();
      }
      storeDirect(request, statusCheck.requester());
    }
  }

  // ---- Deliveries ---------------------------------------------------------------------------

  private void storeDirect(ToOffline request, InetSocketAddress requester) {
    log.info("storing a message from {} for offline {}", request.nameFrom(), request.nameTo());
    mailbox.store(request.nameTo(),
        StoredMessage.direct(request.nameFrom(), request.timestamp(), request.message()));
    answer(requester, request.id(), ackFromServer(request.id()));
  }

  /**
   * Sends a client its whole mailbox (possibly empty: it is the answer to reg), retried like any
   * request. If a delivery to it is still under way, that one (retried, same id) serves this reg
   * too; what was stored since stays for the next one, so nothing is sent twice.
   */
  private void deliverMailbox(String client) {
    boolean underWay =
        awaiting.values().stream()
            .anyMatch(a -> a.recipient().name().equals(client)
                && a.recipient().packet() instanceof OfflineMessages);
    if (underWay) {
      log.info("offline messages for {} are already on their way", client);
      return;
    }
    List<StoredMessage> messages = mailbox.messagesFor(client);
    ClientEntry entry = clients.get(client).orElseThrow();
    log.info("sending {} its {} offline messages", client, messages.size());
    startRound(new MailboxDelivery(client, messages),
        List.of(new Recipient(client, entry.address(), new OfflineMessages(ids.next(), messages))),
        settings.requestAttempts());
  }

  /** Tells the senders of the direct messages {@code recipient} has just received (SPEC §5). */
  private void sendReceipts(String recipient, List<StoredMessage> delivered) {
    List<Recipient> onlineSenders = new ArrayList<>();
    for (StoredMessage message : delivered) {
      if (message.group() || message.isReceipt()) {
        continue;
      }
      Optional<ClientEntry> sender = clients.get(message.from());
      if (sender.isEmpty()) {
        log.warn("no client {} to receive the receipt from {}", message.from(), recipient);
      } else if (sender.get().online()) {
        onlineSenders.add(new Recipient(sender.get().name(), sender.get().address(),
            new Receipt(ids.next(), recipient, message.time())));
      } else {
        log.info("storing the receipt from {} for offline {}", recipient, message.from());
        mailbox.store(message.from(), StoredMessage.receipt(recipient, message.time()));
      }
    }
    startRound(new ReceiptDelivery(), onlineSenders, 1);
  }

  private void startRound(Purpose purpose, List<Recipient> recipients, int attempts) {
    if (recipients.isEmpty()) {
      return;
    }
    ActorRef<DeliveryRound.Command> round =
        context.spawnAnonymous(
            Behaviors.withMdc(
                DeliveryRound.Command.class,
                MDC,
                DeliveryRound.create(recipients, attempts, settings.ackTimeout(), socket,
                    context.getSelf(), outcome -> new RoundFinished(purpose, outcome))));
    for (Recipient recipient : recipients) {
      trace("->", recipient.packet(), recipient.address());
      awaiting.put(recipient.id(), new Awaited(recipient, round));
    }
  }

  // ---- Table ----------------------------------------------------------------------------------

  /**
   * Marks {@code name} online at {@code address}. Any other client still online at that address is
   * marked offline: a socket belongs to one client, so the old one is gone. True if the table
   * changed.
   */
  private boolean comeOnline(String name, InetSocketAddress address) {
    boolean changed = releaseAddress(address, name);
    return clients.setOnline(name, true) || changed;
  }

  private boolean releaseAddress(InetSocketAddress address, String newHolder) {
    boolean changed = false;
    for (ClientEntry previous : clients.othersOnlineAt(address, newHolder)) {
      log.info("{} is now used by {}: {} is offline", address, newHolder, previous.name());
      changed |= clients.setOnline(previous.name(), false);
    }
    return changed;
  }

  private void publishTable() {
    printTable();
    broadcastTable(null);
  }

  private void printTable() {
    console.line(ConsoleLines.tableUpdated());
    console.raw(clients.snapshot().toSeedString());
  }

  /** Best effort, never retried: to every online client but {@code except} (may be null). */
  private void broadcastTable(String except) {
    TableUpdate update = new TableUpdate(clients.snapshot());
    for (ClientEntry client : clients.online()) {
      if (!client.name().equals(except)) {
        send(update, client.address());
      }
    }
  }

  // ---- Replies --------------------------------------------------------------------------------

  /**
   * The client's request carrying {@code name} counts only when the table lists that name at the
   * source address; otherwise it is refused.
   */
  private Optional<ClientEntry> authenticated(long id, String name, InetSocketAddress source) {
    Optional<ClientEntry> client = clients.get(name);
    if (client.isEmpty()) {
      refuse(id, source, "no client named " + name + " is registered");
      return Optional.empty();
    }
    if (!client.get().isAt(source)) {
      refuse(id, source, name + " is registered from another address");
      return Optional.empty();
    }
    return client;
  }

  private void refuse(long id, InetSocketAddress source, String reason) {
    log.warn("refusing request id {} from {}: {}", id, source, reason);
    answer(source, id, ErrorReply.of(id, reason));
  }

  private static Ack ackFromServer(long id) {
    return new Ack(id, NODE);
  }

  /** Sends the answer to a client's request and remembers it for repeats. */
  private void answer(InetSocketAddress to, long requestId, Packet reply) {
    recent.replied(to, requestId, reply);
    send(reply, to);
  }

  private void send(Packet packet, InetSocketAddress to) {
    trace("->", packet, to);
    socket.tell(new Transport.Send(packet, to));
  }

  /** The packet trace; JSON keeps whatever a client sent on one line. */
  private void trace(String direction, Packet packet, InetSocketAddress peer) {
    if (log.isDebugEnabled()) {
      log.debug("{} {} {}", direction, peer, codec.toJson(packet));
    }
  }

  private static String typeOf(Packet packet) {
    return packet.getClass().getSimpleName();
  }
}
