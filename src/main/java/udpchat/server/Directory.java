package udpchat.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import udpchat.protocol.ClientEntry;

/**
 * The client table: every registered name, where it is and whether it is online, with a version
 * that every change adds one to. It is the one order of table changes: clients' entities report
 * their presence here, and every gateway is told each change, in version order, to print and
 * broadcast.
 *
 * <p>Changes that arrive while a write is under way are written together in the next one (a group
 * commit), so a burst of registrations costs a few journal writes, not one each.
 */
public final class Directory
    extends EventSourcedBehavior<Directory.Command, DirectoryEvent, DirectoryState> {

  public sealed interface Command {}

  /**
   * A registered name's line and session as its entity has just written them. For a
   * registration, {@code confirm} is the conf_reg to send once the line is written (in the same
   * message as the table's change, so the registrant gets it before any table_update), and {@code
   * replyTo} hears whether the name is listed; both are null otherwise.
   */
  public record Report(
      ClientEntry entry, String token, long seqNr, boolean silent, Gateway.Confirm confirm,
      ActorRef<Listing> replyTo) implements Command, CrossNode {
    public Report(ClientEntry entry, String token, long seqNr, boolean silent) {
      this(entry, token, seqNr, silent, null, null);
    }
  }

  /** Several entities' reports, written together: clients found silent by one round. */
  public record ReportAll(List<Report> reports) implements Command, CrossNode {
    public ReportAll {
      reports = List.copyOf(reports);
    }
  }

  /**
   * Where the gateways of the server that keeps {@code journal} are: each registers what it takes
   * the table's changes at under this key with the receptionist, and the directory sends each one
   * it finds the whole table, then every change. A directory that moved (a cluster singleton's
   * new incarnation) finds them the same way.
   */
  public static ServiceKey<Changed> gatewaysOf(RegistryJournal journal) {
    return ServiceKey.create(Changed.class, journal.prefix() + "-gateways");
  }

  /**
   * A starting gateway asks for the whole table (again, until it has it): the receptionist's
   * listing is how the directory finds gateways, but its copy to a node that has just joined can
   * be lost.
   */
  public record TableWanted(ActorRef<Changed> gateway) implements Command, CrossNode {}

  /** The gateways the receptionist lists now. */
  private record GatewaysListed(Set<ActorRef<Changed>> gateways) implements Command {}

  /**
   * The directory is moving to another node (a cluster singleton's hand-over): what it has
   * gathered is written first, then it stops.
   */
  public enum HandOver implements Command, CrossNode {
    INSTANCE
  }

  /** Write what was gathered since the last write. */
  private enum Flush implements Command {
    INSTANCE
  }

  /** Whether a registration's line is in the table now. */
  public sealed interface Listing extends CrossNode {}

  public record Listed() implements Listing {}

  /** A new name, and the table has {@code maxClients} already. */
  public record TableFull(int maxClients) implements Listing {}

  /**
   * The table after a write: its version, the entries that changed (the whole table when {@code
   * whole}), the current tokens of those names, and the names that went offline because another
   * client is online at their address now (a socket belongs to one client), the conf_regs of
   * the registrations it lists, and which of the names are offline only for their silence (they
   * may be alive: they are told of table changes too, and a client that sees itself offline
   * says it is not). Its receiver sends the clients what it implies when it {@code publishes}:
   * the gateway on the directory's own node, so that each client hears of each change once.
   */
  public record Changed(
      long version, boolean whole, List<ClientEntry> entries, Map<String, String> tokens,
      List<String> released, List<Gateway.Confirm> confirms, Set<String> silent,
      boolean publishes) implements CrossNode {
    public Changed {
      entries = List.copyOf(entries);
      tokens = Map.copyOf(tokens);
      released = List.copyOf(released);
      confirms = List.copyOf(confirms);
      silent = Set.copyOf(silent);
    }
  }

  private static final int SNAPSHOTS_KEPT = 2;

  private final ActorContext<Command> context;
  private final int maxClients;
  private final int snapshotEvery;
  private final Set<ActorRef<Changed>> subscribers = new HashSet<>();
  /**
   * Gateways that asked for the table before the receptionist listed them: a listing that does
   * not show them yet (one that was on its way, or a node's copy that lags) must not drop them,
   * or the changes meanwhile, registrations' conf_regs among them, would go to no one.
   */
  private final Set<ActorRef<Changed>> askedUnlisted = new HashSet<>();
  /** Gathered since the last write; written at the next {@link Flush}. */
  private final List<DirectoryEvent> pending = new ArrayList<>();
  private final Set<String> pendingNames = new HashSet<>();
  private final List<Gateway.Confirm> confirms = new ArrayList<>();
  private final List<ActorRef<Listing>> listed = new ArrayList<>();
  private final List<String> released = new ArrayList<>();
  /** The names reported silent since the last write. */
  private final Set<String> silent = new HashSet<>();
  private boolean flushScheduled;

  public static Behavior<Command> create(RegistryJournal journal, int maxClients) {
    ServiceKey<Changed> gateways = gatewaysOf(journal);
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.subscribe(gateways,
          context.messageAdapter(Receptionist.Listing.class,
              listing -> new GatewaysListed(listing.getServiceInstances(gateways)))));
      return new Directory(context, journal.directoryId(), maxClients, journal.snapshotEvery());
    });
  }

  private Directory(
      ActorContext<Command> context, PersistenceId persistenceId, int maxClients,
      int snapshotEvery) {
    super(persistenceId);
    this.context = context;
    this.maxClients = maxClients;
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public DirectoryState emptyState() {
    return new DirectoryState();
  }

  @Override
  public EventHandler<DirectoryState, DirectoryEvent> eventHandler() {
    return DirectoryState::apply;
  }

  @Override
  public CommandHandler<Command, DirectoryEvent, DirectoryState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Report.class, this::onReport)
        .onCommand(ReportAll.class, (state, all) -> {
          all.reports().forEach(report -> onReport(state, report));
          return Effect().none();
        })
        .onCommand(GatewaysListed.class, this::onGatewaysListed)
        .onCommand(TableWanted.class, (state, wanted) -> {
          if (!subscribers.contains(wanted.gateway())) {
            askedUnlisted.add(wanted.gateway());
          }
          subscribers.add(wanted.gateway());
          sendWhole(state, wanted.gateway());
          return Effect().none();
        })
        .onCommand(Flush.class, this::onFlush)
        .onCommand(HandOver.class, (state, handOver) -> flush(state).thenStop())
        .build();
  }

  @Override
  public SignalHandler<DirectoryState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state ->
            context.getLog().debug("directory recovered: {} clients, table version {}",
                state.clients().size(), state.clients().version()))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, SNAPSHOTS_KEPT)
        .withDeleteEventsOnSnapshot();
  }

  @Override
  public SnapshotAdapter<DirectoryState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(DirectoryState state) {
        return state.image();
      }

      @Override
      public DirectoryState fromJournal(Object image) {
        return DirectoryState.of((DirectoryImage) image);
      }
    };
  }

  private Effect<DirectoryEvent, DirectoryState> onReport(DirectoryState state, Report report) {
    String name = report.entry().name();
    boolean isNew = state.clients().get(name).isEmpty() && !pendingNames.contains(name);
    if (isNew && state.clients().size() + pendingNames.size() >= maxClients) {
      context.getLog().warn("not listing {}: the client table is full", name);
      if (report.replyTo() != null) {
        report.replyTo().tell(new TableFull(maxClients));
      }
      return Effect().none();
    }
    if (isNew) {
      pendingNames.add(name);
    }
    gather(state, report.entry(), report.token(), report.seqNr());
    if (report.silent()) {
      silent.add(name);
    } else {
      silent.remove(name);
    }
    if (report.confirm() != null) {
      confirms.add(report.confirm());
    }
    if (report.replyTo() != null) {
      listed.add(report.replyTo());
    }
    return Effect().none();
  }

  /**
   * Adds a line to the next write; a name coming online releases the others online at its
   * address.
   */
  private void gather(DirectoryState state, ClientEntry entry, String token, long seqNr) {
    if (entry.online()) {
      for (DirectoryEvent previous : othersOnlineAt(state, entry)) {
        String name = previous.entry().name();
        context.getLog().info("{} is now used by {}: {} is offline",
            entry.address(), entry.name(), name);
        pending.add(new DirectoryEvent(
            previous.entry().withOnline(false), previous.token(), previous.seqNr()));
        released.add(name);
      }
    }
    pending.add(new DirectoryEvent(entry, token, seqNr));
    if (!flushScheduled) {
      // Behind everything already waiting: what is stashed during a write joins the next one.
      flushScheduled = true;
      context.getSelf().tell(Flush.INSTANCE);
    }
  }

  /**
   * The others that will be online at {@code entry}'s address once what is gathered is written:
   * the written table with the lines gathered since over it (two names coming online at one
   * address in one write leave only the last one online).
   */
  private List<DirectoryEvent> othersOnlineAt(DirectoryState state, ClientEntry entry) {
    Map<String, DirectoryEvent> latest = new LinkedHashMap<>();
    for (ClientEntry other : state.clients().othersOnlineAt(entry.address(), entry.name())) {
      latest.put(other.name(),
          new DirectoryEvent(other, state.tokenOf(other.name()), state.seqNrOf(other.name())));
    }
    pending.forEach(line -> latest.put(line.entry().name(), line));
    return latest.values().stream()
        .filter(line -> !line.entry().name().equals(entry.name()))
        .filter(line -> line.entry().online() && line.entry().isAt(entry.address()))
        .toList();
  }

  private Effect<DirectoryEvent, DirectoryState> onFlush(DirectoryState state, Flush flush) {
    return flush(state);
  }

  private EffectBuilder<DirectoryEvent, DirectoryState> flush(DirectoryState state) {
    flushScheduled = false;
    if (pending.isEmpty()) {
      return Effect().none();
    }
    long before = state.clients().version();
    List<DirectoryEvent> events = List.copyOf(pending);
    List<Gateway.Confirm> confirmsNow = List.copyOf(confirms);
    List<ActorRef<Listing>> listedNow = List.copyOf(listed);
    List<String> releasedNow = List.copyOf(released);
    Set<String> silentNow = Set.copyOf(silent);
    silent.clear();
    pending.clear();
    pendingNames.clear();
    confirms.clear();
    listed.clear();
    released.clear();
    return Effect().persist(events).thenRun(after -> {
      List<ClientEntry> changed = after.clients().changedSince(before);
      Map<String, String> tokens = new HashMap<>();
      events.forEach(event -> tokens.put(event.entry().name(), event.token()));
      subscribers.forEach(subscriber -> subscriber.tell(new Changed(after.clients().version(),
          false, changed, tokens, releasedNow, confirmsNow, silentNow, publishes(subscriber))));
      listedNow.forEach(registrant -> registrant.tell(new Listed()));
    });
  }

  /**
   * A gateway listed for the first time gets the whole table; one no longer listed, nothing (one
   * that asked and is not listed yet stays).
   */
  private Effect<DirectoryEvent, DirectoryState> onGatewaysListed(
      DirectoryState state, GatewaysListed listed) {
    for (ActorRef<Changed> gateway : listed.gateways()) {
      if (!subscribers.contains(gateway)) {
        sendWhole(state, gateway);
      }
    }
    askedUnlisted.removeAll(listed.gateways()); // listed now: the receptionist speaks for them
    subscribers.clear();
    subscribers.addAll(listed.gateways());
    subscribers.addAll(askedUnlisted);
    return Effect().none();
  }

  private void sendWhole(DirectoryState state, ActorRef<Changed> gateway) {
    context.getLog().debug("table subscriber {}", gateway.path());
    gateway.tell(new Changed(state.clients().version(), true, state.clients().all(),
        state.tokens(), List.of(), List.of(), Set.of(), publishes(gateway)));
  }

  /** The gateway on this node sends the clients the table's changes; the others only keep it. */
  private static boolean publishes(ActorRef<Changed> gateway) {
    return gateway.path().address().hasLocalScope();
  }
}
