package udpchat.server;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import udpchat.NodeExit;
import udpchat.config.ChatLimits;
import udpchat.config.ChatSettings;
import udpchat.console.Console;
import udpchat.console.ConsoleLines;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
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

  /** For tests in this package: the registry's state as it is now. */
  record Inspect(ActorRef<RegistrySnapshot> replyTo) implements Command {}

  /** Why a round was started: decides what its outcome means. */
  private sealed interface Purpose {}

  /** A group message from {@code sender}, stamped with the server's {@code time}. */
  private record GroupFanOut(String sender, String time, String message) implements Purpose {}

  /**
   * A client's mailbox after {@code reg}: {@code delivered} is the part that was sent, {@code rest}
   * the parts that follow it once it is ACKed.
   */
  private record MailboxDelivery(
      String client, List<StoredMessage> delivered, List<List<StoredMessage>> rest)
      implements Purpose {}

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
  private final Sessions sessions = new Sessions();
  private final Gate gate = new Gate(clients, sessions);
  private final OfflineMailbox mailbox;
  private final RecentRequests recent;
  private final PacketIds ids = new PacketIds();
  private final Map<Long, Awaited> awaiting = new HashMap<>();
  /**
   * Clients marked offline only because they did not answer one packet: they may be alive, with
   * just that packet or its answer lost. Each gets its mailbox as after reg; if it ACKs, it is
   * online again.
   */
  private final Set<String> presumedGone = new HashSet<>();

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
    this.mailbox = new OfflineMailbox(settings.limits().maxStoredMessages());
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
        .onMessage(Inspect.class, this::onInspect)
        .onMessageEquals(SocketClosed.INSTANCE, this::onSocketClosed)
        .build();
  }

  private Behavior<Command> onInspect(Inspect inspect) {
    inspect.replyTo().tell(
        new RegistrySnapshot(clients.snapshot(), mailbox.all(), sessions.names(),
            awaiting.size()));
    return Behaviors.same();
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
      onAnswer(ack, ack.from(), ack.token(), source);
    } else if (packet instanceof StatusConfirm confirm) {
      onAnswer(confirm, confirm.from(), confirm.token(), source);
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

  /**
   * A client request: its sender is checked first ({@link Gate}), then it is acted on once; a
   * repeat gets the same answer, or none while in progress. A refused request is not remembered,
   * so a forged datagram cannot use up an id that the real client has yet to send.
   */
  private void onRequest(Packet.Request request, InetSocketAddress source) {
    long id = request.id();
    Optional<String> refusal = refusalOf(request, source);
    if (refusal.isPresent()) {
      log.warn("refusing {} id {} from {}: {}", typeOf(request), id, source, refusal.get());
      send(ErrorReply.of(id, refusal.get()), source);
      return;
    }
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

  /** Why the sender may not make this request; freg needs no session. */
  private Optional<String> refusalOf(Packet.Request request, InetSocketAddress source) {
    if (request instanceof Dereg dereg) {
      return gate.refusal(dereg.name(), dereg.token(), source);
    } else if (request instanceof Reg reg) {
      return gate.refusal(reg.name(), reg.token(), source);
    } else if (request instanceof GroupChat groupChat) {
      return gate.refusal(groupChat.name(), groupChat.token(), source);
    } else if (request instanceof ToOffline toOffline) {
      return gate.refusal(toOffline.nameFrom(), toOffline.token(), source);
    }
    return Optional.empty();
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
    int maxClients = settings.limits().maxClients();
    if (existing.isEmpty() && clients.all().size() >= maxClients) {
      refuse(freg.id(), source, "the client table is full (" + maxClients + " clients)");
    } else if (existing.isEmpty()) {
      log.info("registering new client {} at {}", name, source);
      releaseAddress(source, name);
      clients.add(name, source);
      printTable();
      answer(source, freg.id(), new ConfReg(freg.id(), clients.snapshot(), sessions.open(name)));
      broadcastTable(name);
    } else if (existing.get().isAt(source)) {
      log.info("{} registered again from its own address {}: a restart, as reg", name, source);
      presumedGone.remove(name);
      boolean changed = comeOnline(name, source);
      if (changed) {
        printTable();
      }
      // A new process: a new session; the old process's token no longer counts.
      answer(source, freg.id(), new ConfReg(freg.id(), clients.snapshot(), sessions.open(name)));
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
    log.info("{} goes offline", dereg.name());
    presumedGone.remove(dereg.name()); // its own wish now: a late ACK must not bring it back
    if (clients.setOnline(dereg.name(), false)) {
      publishTable();
    }
    answer(source, dereg.id(), ackFromServer(dereg.id()));
  }

  private void onReg(Reg reg, InetSocketAddress source) {
    log.info("{} comes back online", reg.name());
    presumedGone.remove(reg.name());
    answer(source, reg.id(), ackFromServer(reg.id()));
    if (comeOnline(reg.name(), source)) {
      publishTable();
    }
    deliverMailbox(reg.name());
  }

  private void onGroupChat(GroupChat groupChat, InetSocketAddress source) {
    String sender = groupChat.name();
    if (settings.limits().isTooLong(groupChat.message())) {
      refuse(groupChat.id(), source, tooLong(groupChat.message()));
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
        recipients.add(recipient(client,
            token -> new GroupChat(ids.next(), sender, groupChat.message(), token)));
      } else {
        store(client.name(), stored);
      }
    }
    log.info("group message from {} at {}: delivering to {} online, stored for the rest",
        sender, time, recipients.size());
    startRound(new GroupFanOut(sender, time, groupChat.message()), recipients, 1);
  }

  private void onToOffline(ToOffline request, InetSocketAddress source) {
    Optional<ClientEntry> recipient = clients.get(request.nameTo());
    if (settings.limits().isTooLong(request.message())) {
      refuse(request.id(), source, tooLong(request.message()));
    } else if (recipient.isEmpty()) {
      refuse(request.id(), source, "no client named " + request.nameTo() + " is registered");
    } else if (!recipient.get().online()) {
      storeDirect(request, source);
    } else {
      log.info("{} says {} did not answer: checking its status",
          request.nameFrom(), request.nameTo());
      startRound(new StatusCheckFor(request, source),
          List.of(recipient(recipient.get(), token -> new StatusCheck(ids.next(), token))), 1);
    }
  }

  /**
   * An answer (ack or status_confirm) to a packet of ours counts only when it has the expected
   * type and comes from the very client and address the packet went to, in its current session.
   */
  private void onAnswer(
      Packet.Reply answer, String from, String token, InetSocketAddress source) {
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
      send(ErrorReply.of(answer.id(),
          kindOf(answer) + " for id " + answer.id() + " must come from " + recipient.name()
              + "'s registered address"), source);
    } else if (!sessions.isCurrent(recipient.name(), token)) {
      log.warn("{} id {} from {} does not carry {}'s current session token",
          typeOf(answer), answer.id(), source, recipient.name());
      send(ErrorReply.of(answer.id(),
          kindOf(answer) + " for id " + answer.id() + " needs " + recipient.name()
              + "'s session token"), source);
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
      // It may have shown the message and only its ACK been lost: the id lets it skip the copy.
      store(silent.name(),
          StoredMessage.group(groupFanOut.sender(), groupFanOut.time(), groupFanOut.message())
              .shownAs(silent.id()));
      changed |= presumeGone(silent);
    }
    if (changed) {
      publishTable();
    }
    outcome.unanswered().forEach(silent -> offerMailbox(silent.name()));
  }

  private void onMailboxDeliveryDone(MailboxDelivery delivery, Outcome outcome) {
    String client = delivery.client();
    if (outcome.unanswered().isEmpty()) {
      log.info("{} received {} offline messages", client, delivery.delivered().size());
      mailbox.removeDelivered(client, delivery.delivered());
      Recipient answered = outcome.answered().get(0);
      if (presumedGone.remove(client) && comeOnline(client, answered.address())) {
        log.info("{} answered after all: online again", client);
        publishTable();
      }
      sendReceipts(client, delivery.delivered());
      if (!delivery.rest().isEmpty()) {
        deliverPart(client, delivery.rest(), true);
      } else {
        offerMailbox(client); // what was stored for it while this delivery was on its way
      }
    } else {
      log.info("{} never acked its offline messages: offline again, mailbox kept", client);
      Recipient silent = outcome.unanswered().get(0);
      if (sessions.isCurrent(client, silent.session())) {
        presumedGone.remove(client); // gone indeed; a late round of an old process says nothing
      }
      if (markGone(silent)) {
        publishTable();
      }
    }
  }

  private void onReceiptDeliveryDone(Outcome outcome) {
    boolean changed = false;
    for (Recipient silent : outcome.unanswered()) {
      Receipt receipt = (Receipt) silent.packet();
      log.info("{} did not ack its receipt: offline, receipt stored", silent.name());
      store(silent.name(),
          StoredMessage.receipt(receipt.name(), receipt.timestamp()).shownAs(silent.id()));
      changed |= presumeGone(silent);
    }
    if (changed) {
      publishTable();
    }
    outcome.unanswered().forEach(silent -> offerMailbox(silent.name()));
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
      if (presumeGone(outcome.unanswered().get(0))) {
        publishTable();
      }
      storeDirect(request, statusCheck.requester());
      offerMailbox(request.nameTo());
    }
  }

  /**
   * {@link #markGone}, for a client that did not answer one packet: it may be alive, so it is
   * offered its mailbox ({@link #offerMailbox}) and comes back online if it ACKs.
   */
  private boolean presumeGone(Recipient silent) {
    if (!markGone(silent)) {
      return false;
    }
    presumedGone.add(silent.name());
    return true;
  }

  /**
   * Delivers what is kept for a client that the table shows online (a message stored because its
   * old process did not answer) or that is presumed gone, as after reg: else it would wait for a
   * reg that a client which believes itself online never sends.
   */
  private void offerMailbox(String client) {
    boolean online = clients.get(client).map(ClientEntry::online).orElse(false);
    if ((online || presumedGone.contains(client)) && !mailbox.messagesFor(client).isEmpty()) {
      deliverMailbox(client);
    }
  }

  /**
   * A recipient that did not answer is offline, unless it has registered again since the packet
   * went out: then the silence was its old process's, and the new one is online. True if the
   * table changed.
   */
  private boolean markGone(Recipient silent) {
    if (!sessions.isCurrent(silent.name(), silent.session())) {
      log.info("{} has a new session since: it stays online", silent.name());
      return false;
    }
    return clients.setOnline(silent.name(), false);
  }

  // ---- Deliveries ---------------------------------------------------------------------------

  /** Stores a direct message for an offline client and ACKs it, or says its mailbox is full. */
  private void storeDirect(ToOffline request, InetSocketAddress requester) {
    StoredMessage direct =
        StoredMessage.direct(request.nameFrom(), request.timestamp(), request.message());
    // The recipient may have shown the msg tried first, with only its ACK lost.
    StoredMessage message = request.msgId() == null ? direct : direct.shownAs(request.msgId());
    if (store(request.nameTo(), message)) {
      answer(requester, request.id(), ackFromServer(request.id()));
    } else {
      answer(requester, request.id(),
          ErrorReply.of(request.id(), ConsoleLines.mailboxFull(request.nameTo())));
    }
  }

  /** Stores a message for {@code client}; false (and logged) when its mailbox is full. */
  private boolean store(String client, StoredMessage message) {
    if (mailbox.store(client, message)) {
      log.info("stored a {} for {}", message.isReceipt() ? "receipt" : "message", client);
      return true;
    }
    log.warn("mailbox of {} is full ({} messages): {} from {} dropped", client,
        settings.limits().maxStoredMessages(), message.isReceipt() ? "receipt" : "message",
        message.isReceipt() ? "the server" : message.from());
    return false;
  }

  /**
   * Sends a client its whole mailbox (possibly empty: it is the answer to reg), in as many parts
   * as it takes, each retried like any request. If a delivery to the same session is still under
   * way, that one (retried, same id) serves this reg too; what was stored since stays for the
   * next one, so nothing is sent twice.
   */
  private void deliverMailbox(String client) {
    String session = sessions.tokenOf(client);
    boolean underWay =
        awaiting.values().stream()
            .anyMatch(a -> a.recipient().name().equals(client)
                && a.recipient().packet() instanceof OfflineMessages
                && session.equals(a.recipient().session()));
    if (underWay) {
      log.info("offline messages for {} are already on their way", client);
      return;
    }
    List<StoredMessage> messages = mailbox.messagesFor(client);
    List<List<StoredMessage>> parts = MailboxParts.split(messages, session, codec);
    log.info("sending {} its {} offline messages in {} part(s)",
        client, messages.size(), parts.size());
    deliverPart(client, parts, false);
  }

  /** Sends the first of {@code parts}; the rest follow, one by one, as each is ACKed. */
  private void deliverPart(String client, List<List<StoredMessage>> parts, boolean continued) {
    List<StoredMessage> part = parts.get(0);
    ClientEntry entry = clients.get(client).orElseThrow();
    startRound(new MailboxDelivery(client, part, parts.subList(1, parts.size())),
        List.of(recipient(entry,
            token -> new OfflineMessages(ids.next(), part, continued, token))),
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
        onlineSenders.add(recipient(sender.get(),
            token -> new Receipt(ids.next(), recipient, message.time(), token)));
      } else {
        log.info("storing the receipt from {} for offline {}", recipient, message.from());
        store(message.from(), StoredMessage.receipt(recipient, message.time()));
      }
    }
    startRound(new ReceiptDelivery(), onlineSenders, 1);
  }

  /** A packet for {@code client}, carrying its current session token. */
  private Recipient recipient(ClientEntry client, Function<String, Packet.Request> packet) {
    String session = sessions.tokenOf(client.name());
    return new Recipient(client.name(), client.address(), packet.apply(session), session);
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

  /**
   * Best effort, never retried: to every online client but {@code except} (may be null), each
   * copy with its recipient's token.
   */
  private void broadcastTable(String except) {
    ClientTable table = clients.snapshot();
    for (ClientEntry client : clients.online()) {
      if (!client.name().equals(except)) {
        send(new TableUpdate(table, sessions.tokenOf(client.name())), client.address());
      }
    }
  }

  // ---- Replies --------------------------------------------------------------------------------

  private String tooLong(String message) {
    return "message of " + ChatLimits.length(message) + " characters exceeds the limit of "
        + settings.limits().maxMessageChars();
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

  private static String kindOf(Packet.Reply answer) {
    return answer instanceof Ack ? "ack" : "status_confirm";
  }
}
