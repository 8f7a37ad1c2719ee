package udpchat.testing.sim;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import udpchat.console.Console;
import udpchat.protocol.Packet;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * A tiny node for testing the simulated network: it prints what its socket tells it, answers
 * every direct message with an ACK, and sends a direct message when told to.
 */
final class EchoNode {
  sealed interface Command {}

  /** Send {@code text} as a direct message with this id to the node at {@code toPort}. */
  record Say(long id, String text, int toPort) implements Command {}

  private record FromSocket(Transport.Event event) implements Command {}

  private EchoNode() {}

  static Behavior<Command> create(String name, int port, TransportFactory network, Console console) {
    return Behaviors.setup(
        context -> {
          ActorRef<Transport.Event> events =
              context.messageAdapter(Transport.Event.class, FromSocket::new);
          ActorRef<Transport.Command> socket =
              network.open(context, new InetSocketAddress("0.0.0.0", port), events);
          return Behaviors.receive(Command.class)
              .onMessage(
                  Say.class,
                  say -> {
                    socket.tell(
                        new Transport.Send(
                            new Packet.DirectMessage(say.id(), name, say.text()),
                            SimNetwork.address(say.toPort())));
                    return Behaviors.same();
                  })
              .onMessage(
                  FromSocket.class,
                  from -> {
                    onEvent(name, from.event(), socket, console);
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static void onEvent(
      String name, Transport.Event event, ActorRef<Transport.Command> socket, Console console) {
    if (event instanceof Transport.Bound bound) {
      console.line("bound " + bound.localAddress().getPort());
    } else if (event instanceof Transport.BindFailed failed) {
      console.line("bind failed: " + failed.reason());
    } else if (event instanceof Transport.Rejected rejected) {
      console.line("rejected from " + rejected.from().getPort());
    } else if (event instanceof Transport.Received received) {
      int fromPort = received.from().getPort();
      if (received.packet() instanceof Packet.DirectMessage message) {
        console.line(message.nameFrom() + "@" + fromPort + ": " + message.msg());
        socket.tell(new Transport.Send(new Packet.Ack(message.id(), name), received.from()));
      } else if (received.packet() instanceof Packet.Ack ack) {
        console.line("ack " + ack.id() + " from " + ack.from() + "@" + fromPort);
      }
    }
  }
}
