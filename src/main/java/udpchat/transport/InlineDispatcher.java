package udpchat.transport;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.dispatch.Dispatcher;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.Dispatchers;
import org.apache.pekko.dispatch.MessageDispatcher;
import org.apache.pekko.dispatch.MessageDispatcherConfigurator;
import org.slf4j.MDC;
import scala.concurrent.duration.Duration;
import scala.concurrent.duration.FiniteDuration;

/**
 * A dispatcher that runs an actor on the thread that tells it something, before {@code tell}
 * returns, instead of handing it to a pool thread. {@link UdpListener} runs on it: a node's {@code
 * Send} is written to the socket by the node's own thread, which saves a thread handoff (a wake-up
 * of a parked pool thread) on every datagram sent, a good part of a round trip on loopback.
 *
 * <p>It is still an ordinary actor with an ordinary mailbox, so the {@link Transport} protocol is
 * unchanged: messages from one sender are handled in order, one at a time. When another thread is
 * handling the actor's mailbox at that moment, {@code tell} only enqueues, and that thread handles
 * the message too. This suits an actor only if it never blocks and its work is short, as the
 * listener's is: encode, a non-blocking send, a trace line.
 *
 * <p>A client node runs on it too ({@link UdpTransport#nodeProps()}): a datagram is then handled
 * by the socket's reader thread that read it, and the answer written by that thread as well, so a
 * round trip between two clients wakes no thread but the two readers. A node's work is short
 * and never blocks; what would wait (a retry, a timeout) is an actor timer.
 *
 * <p>The actor's logging context is its own: the caller's is put back when it returns (Pekko's
 * {@code Behaviors.withMdc} clears it after each message).
 */
public final class InlineDispatcher {
  public static final String ID = "udpchat-inline-dispatcher";

  /** How many messages one run handles before it looks again; the mailbox is rarely longer. */
  private static final int THROUGHPUT = 100;

  private InlineDispatcher() {}

  /** Props for an actor on this dispatcher in {@code system}, registering it there once. */
  static Props props(ActorSystem<?> system) {
    Dispatchers dispatchers = Adapter.toClassic(system).dispatchers();
    if (!dispatchers.hasDispatcher(ID)) {
      // Registered at most once per system: a second registration is ignored.
      dispatchers.registerConfigurator(
          ID, new Configurator(dispatchers.defaultDispatcherConfig(), dispatchers.prerequisites()));
    }
    return DispatcherSelector.fromConfig(ID);
  }

  /**
   * The dispatcher's configurator, also by name in a configuration ({@code type} of {@link #ID}),
   * for an actor that exists before the system does: a node's guardian.
   */
  public static final class Configurator extends MessageDispatcherConfigurator {
    private final Dispatcher dispatcher;

    public Configurator(Config config, DispatcherPrerequisites prerequisites) {
      super(config, prerequisites);
      this.dispatcher =
          new Dispatcher(
              this,
              ID,
              THROUGHPUT,
              Duration.Zero(),
              (id, threadFactory) -> CallersThread::new,
              FiniteDuration.apply(1, TimeUnit.SECONDS));
    }

    @Override
    public MessageDispatcher dispatcher() {
      return dispatcher;
    }
  }

  /** Runs each task at once on the thread that submits it. */
  private static final class CallersThread extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
      Map<String, String> callers = MDC.getCopyOfContextMap();
      try {
        task.run();
      } finally {
        if (callers == null) {
          MDC.clear();
        } else {
          MDC.setContextMap(callers);
        }
      }
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
