package udpchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import udpchat.NodeExit;
import udpchat.config.ChatSettings;
import udpchat.config.RateLimit;
import udpchat.server.ChatServer;
import udpchat.testing.BufferConsole;
import udpchat.testing.FreePorts;
import udpchat.transport.SourceRateLimiter;
import udpchat.transport.UdpTransport;

/**
 * A real server on real UDP in a test's JVM (its journal as the test configuration says: in
 * memory), for tests that drive it with the {@link LoadGenerator}: started on a free port, and
 * listening once this returns. Its socket has the default per-source rate limit, as the real
 * server's: each simulated client has a socket of its own, and none sends near the limit.
 */
record InProcessServer(InetSocketAddress address) {
  static final ChatSettings SETTINGS = ChatSettings.defaults();

  static InProcessServer start(ActorTestKit testKit, String name) throws IOException {
    int port = FreePorts.next();
    BufferConsole console = new BufferConsole();
    TestProbe<NodeExit> exits = testKit.createTestProbe(NodeExit.class);
    testKit.spawn(
        ChatServer.create(port, SETTINGS, console, Clock.systemDefaultZone(),
            UdpTransport.factory(SETTINGS, () -> SourceRateLimiter.of(RateLimit.defaults())),
            exits.ref()::tell),
        name);
    console.expectLines(">>> [Server listening on port " + port + ".]");
    return new InProcessServer(new InetSocketAddress("127.0.0.1", port));
  }
}
