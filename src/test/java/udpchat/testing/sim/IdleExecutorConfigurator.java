package udpchat.testing.sim;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * Lets a dispatcher run on an {@link IdleExecutor}. Configured as
 * {@code executor = "udpchat.testing.sim.IdleExecutorConfigurator"} with a {@code world-id}; the
 * test finds the executor again through {@link #executorOf(String)}.
 */
public final class IdleExecutorConfigurator extends ExecutorServiceConfigurator {
  private static final Map<String, IdleExecutor> EXECUTORS = new ConcurrentHashMap<>();

  private final String worldId;

  public IdleExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.worldId = config.getString("world-id");
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threads) {
    return () -> EXECUTORS.computeIfAbsent(worldId, key -> new IdleExecutor(threads));
  }

  /** The executor of the world with this id; it exists once the world's system has started. */
  public static IdleExecutor executorOf(String worldId) {
    IdleExecutor executor = EXECUTORS.get(worldId);
    if (executor == null) {
      throw new IllegalStateException("no simulated world " + worldId);
    }
    return executor;
  }

  /** Forgets a world's executor once its system has terminated. */
  public static void forget(String worldId) {
    EXECUTORS.remove(worldId);
  }
}
