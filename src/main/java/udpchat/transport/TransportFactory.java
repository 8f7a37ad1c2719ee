package udpchat.transport;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Opens a node's socket as a child of the node's actor. The real one binds UDP; tests route
 * datagrams through an in-memory network.
 */
@FunctionalInterface
public interface TransportFactory {
  /**
   * Spawns the transport under {@code context}, bound to {@code localAddress}, reporting to
   * {@code owner}: first {@link Transport.Bound} or {@link Transport.BindFailed}, then every
   * datagram that arrives.
   */
  ActorRef<Transport.Command> open(
      ActorContext<?> context, InetSocketAddress localAddress, ActorRef<Transport.Event> owner);
}
