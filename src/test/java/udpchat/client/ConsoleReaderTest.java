package udpchat.client;

import static udpchat.client.ClientFixture.TOKEN;
import static udpchat.client.ClientFixture.xAndY;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.Test;
import udpchat.NodeExit;
import udpchat.console.LineSource;
import udpchat.protocol.Packet;

class ConsoleReaderTest extends ClientActorTestKit {

  /** Lines a test queues up; then the end of input, or a Ctrl-C. */
  static final class QueuedLines implements LineSource {
    private static final String END = new String("end of input");
    private static final String CTRL_C = new String("ctrl-c");
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    QueuedLines(List<String> typed) {
      lines.addAll(typed);
    }

    QueuedLines thenEnd() {
      lines.add(END);
      return this;
    }

    QueuedLines thenCtrlC() {
      lines.add(CTRL_C);
      return this;
    }

    @Override
    @SuppressWarnings("StringEquality") // the markers are compared by identity on purpose
    public String readLine() throws Interrupted {
      try {
        String next = lines.poll(5, TimeUnit.SECONDS);
        if (next == null || next == END) {
          return null; // a test that forgets to end its input does not block shutdown
        }
        if (next == CTRL_C) {
          throw new Interrupted();
        }
        return next;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  @Test
  void readsEachLineThenReportsTheEndOfInputAndStops() {
    TestProbe<ClientActor.Command> client = testKit.createTestProbe(ClientActor.Command.class);
    ActorRef<ConsoleReader.Command> reader =
        testKit.spawn(
            ConsoleReader.create(
                "x", new QueuedLines(List.of("send y hi", "", "list")).thenEnd(), client.ref()),
            DispatcherSelector.blocking());
    client.expectMessage(new ClientActor.Typed("send y hi"));
    client.expectMessage(new ClientActor.Typed(""));
    client.expectMessage(new ClientActor.Typed("list"));
    client.expectMessage(new ClientActor.EndOfInput());
    client.expectTerminated(reader);
  }

  @Test
  void ctrlCIsASilentLeave() {
    TestProbe<ClientActor.Command> client = testKit.createTestProbe(ClientActor.Command.class);
    ActorRef<ConsoleReader.Command> reader =
        testKit.spawn(
            ConsoleReader.create("x", new QueuedLines(List.of("list")).thenCtrlC(), client.ref()),
            DispatcherSelector.blocking());
    client.expectMessage(new ClientActor.Typed("list"));
    client.expectMessage(new ClientActor.SilentLeave());
    client.expectTerminated(reader);
  }

  @Test
  void aFailingInputCountsAsItsEnd() {
    TestProbe<ClientActor.Command> client = testKit.createTestProbe(ClientActor.Command.class);
    LineSource broken =
        () -> {
          throw new java.io.UncheckedIOException(new java.io.IOException("stdin closed"));
        };
    ActorRef<ConsoleReader.Command> reader =
        testKit.spawn(
            ConsoleReader.create("x", broken, client.ref()), DispatcherSelector.blocking());
    client.expectMessage(new ClientActor.EndOfInput());
    client.expectTerminated(reader);
  }

  @Test
  void theClientReadsItsInputThroughTheReader() {
    QueuedLines input = new QueuedLines(List.of("list")).thenEnd();
    ClientFixture x = new ClientFixture(testKit, manualTime, Optional.of(input));
    Packet.Freg freg = x.bind();
    x.fromServer(new Packet.ConfReg(freg.id(), xAndY(), TOKEN));
    x.console.expectLines(
        ">>> [Welcome, You are registered.]",
        ">>> x 127.0.0.1:3333 online",
        ">>> y 127.0.0.1:1111 online");
    x.ackFromServer(x.sentToServer(Packet.Dereg.class).id());
    x.console.expectLines(">>> [You are Offline. Bye.]");
    x.expectExit(NodeExit.ok());
    x.exits.expectNoMessage(Duration.ofMillis(100));
  }
}
