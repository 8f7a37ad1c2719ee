package udpchat.testing.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * A deterministic actor world for tests: an {@link ActorTestKit} whose default dispatcher is one
 * thread ({@link IdleExecutor}) and whose time is {@link ManualTime} ({@link VirtualScheduler}).
 * Everything the test does to the world happens on that thread, and every method returns only
 * once the world is idle again, so the same steps give the same interleaving on every run.
 * Virtual time moves only through {@link #tick()}: in steps of {@link #TICK}, waiting for the
 * world to go idle after each, so timers fire in order and everything they cause happens before
 * the next step of time.
 */
public final class SimWorld implements AutoCloseable {
  public static final Duration TICK = Duration.ofMillis(50);
  private static final Duration BUSY_LIMIT = Duration.ofSeconds(20);
  private static final AtomicInteger WORLDS = new AtomicInteger();

  private final String id;
  private final ActorTestKit testKit;
  private final ManualTime manualTime;
  private final VirtualScheduler scheduler;
  private final IdleExecutor executor;
  private final Clock clock;

  /** Starts a world whose clock reads {@code start} (UTC) until time is advanced. */
  public SimWorld(Instant start) {
    this.id = "sim-" + WORLDS.incrementAndGet();
    this.testKit = ActorTestKit.create(id, config(id));
    this.manualTime = ManualTime.get(testKit.system());
    this.scheduler = (VirtualScheduler) testKit.system().classicSystem().scheduler();
    this.executor = IdleExecutorConfigurator.executorOf(id);
    this.clock = new VirtualClock(start, ZoneOffset.UTC, scheduler::nowMillis);
    awaitIdle();
  }

  private static Config config(String worldId) {
    return ConfigFactory.parseString(
            """
            pekko.scheduler.implementation = "udpchat.testing.sim.VirtualScheduler"
            pekko.actor.default-dispatcher {
              executor = "udpchat.testing.sim.IdleExecutorConfigurator"
              world-id = "%s"
            }
            """
                .formatted(worldId))
        .withFallback(ManualTime.config())
        .withFallback(ConfigFactory.load());
  }

  public ActorTestKit testKit() {
    return testKit;
  }

  /** The clock to give nodes: it follows virtual time. */
  public Clock clock() {
    return clock;
  }

  public long virtualMillis() {
    return scheduler.nowMillis();
  }

  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    ActorRef<T> ref = testKit.spawn(behavior, name);
    awaitIdle();
    return ref;
  }

  public void stop(ActorRef<?> ref) {
    testKit.stop(ref);
    awaitIdle();
  }

  public <T> void tell(ActorRef<T> ref, T message) {
    run(() -> ref.tell(message));
  }

  /** Runs {@code action} on the world's thread and returns once the world is idle again. */
  public void run(Runnable action) {
    if (executor.isWorkerThread()) {
      throw new IllegalStateException("SimWorld.run is for the test's thread, not the world's");
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            action.run();
            done.complete(null);
          } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
          }
        });
    awaitIdle();
    try {
      done.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  public void awaitIdle() {
    executor.awaitIdle(BUSY_LIMIT);
  }

  /** Lets one {@link #TICK} of virtual time pass. */
  public void tick() {
    run(() -> manualTime.timePasses(TICK));
  }

  /** Lets {@code amount} of virtual time pass, tick by tick. */
  public void advance(Duration amount) {
    for (long passed = 0; passed < amount.toMillis(); passed += TICK.toMillis()) {
      tick();
    }
  }

  /**
   * Ticks until {@code done} holds or {@code limit} of virtual time has passed; returns whether
   * it holds.
   */
  public boolean advanceUntil(BooleanSupplier done, Duration limit) {
    awaitIdle();
    for (long passed = 0; !done.getAsBoolean(); passed += TICK.toMillis()) {
      if (passed >= limit.toMillis()) {
        return false;
      }
      tick();
    }
    return true;
  }

  @Override
  public void close() {
    try {
      testKit.shutdownTestKit();
    } finally {
      IdleExecutorConfigurator.forget(id);
    }
  }
}
