package udpchat.testing;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import udpchat.protocol.MalformedPacketException;
import udpchat.protocol.PacketCodec;
import udpchat.transport.Transport;
import udpchat.transport.TransportFactory;

/**
 * A transport for fuzzing a node: datagrams go in as raw bytes through the real codec (what fails
 * to decode arrives as {@link Transport.Rejected}, the rest as {@link Transport.Received}), and
 * what the node sends is recorded for the test to read without waiting.
 */
public final class RecordingTransport implements TransportFactory {
  private final PacketCodec codec;
  private final BlockingQueue<Transport.Send> sent = new LinkedBlockingQueue<>();
  private final CompletableFuture<ActorRef<Transport.Event>> owner = new CompletableFuture<>();

  public RecordingTransport(PacketCodec codec) {
    this.codec = codec;
  }

  @Override
  public ActorRef<Transport.Command> open(
      ActorContext<?> context, InetSocketAddress localAddress, ActorRef<Transport.Event> node) {
    owner.complete(node);
    return context.spawn(
        Behaviors.<Transport.Command>receiveMessage(
            command -> {
              if (command instanceof Transport.Send send) {
                sent.add(send);
              }
              return Behaviors.same();
            }),
        "recorded-socket");
  }

  public void bound(InetSocketAddress local) {
    owner().tell(new Transport.Bound(local));
  }

  /** Hands the node a datagram from {@code from}, decoded by the real codec. */
  public void deliver(byte[] datagram, InetSocketAddress from) {
    Transport.Event event;
    try {
      event = new Transport.Received(codec.decode(datagram), from);
    } catch (MalformedPacketException e) {
      event = new Transport.Rejected(from, e.getMessage());
    }
    owner().tell(event);
  }

  /** Everything the node has sent since the last call, oldest first. */
  public List<Transport.Send> drain() {
    List<Transport.Send> out = new ArrayList<>();
    for (Transport.Send send = sent.poll(); send != null; send = sent.poll()) {
      out.add(send);
    }
    return out;
  }

  /** The node's next datagram, waiting up to {@code wait} for it; null if none came. */
  public Transport.Send next(Duration wait) {
    try {
      return sent.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private ActorRef<Transport.Event> owner() {
    try {
      return owner.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the node never opened its transport", e);
    }
  }
}
