package udpchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import udpchat.testing.JavaCommand;
import udpchat.testing.NodeProcess;

/**
 * The baseline for a direct message: plain Java UDP on loopback, a datagram of the same size sent
 * from one blocking {@link DatagramChannel} to an echo, which sends it straight back. What is left
 * is the kernel and two thread wake-ups per round trip. The echo is a thread of this JVM ({@link
 * #inProcess}) or a JVM of its own ({@link #twoProcesses}): two chat clients are two processes,
 * and a wake-up across processes costs more than one within a process, so the second is the floor
 * a direct message is held to.
 */
final class RawPingPong implements AutoCloseable {
  private static final Duration ECHO_START = Duration.ofSeconds(60);

  private final DatagramChannel ping;
  private final SocketAddress echoAddress;
  private final AutoCloseable echo;

  private RawPingPong(SocketAddress echoAddress, AutoCloseable echo) throws IOException {
    this.ping = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.echoAddress = echoAddress;
    this.echo = echo;
  }

  /** The echo on a thread of this JVM. */
  static RawPingPong inProcess() throws IOException {
    DatagramChannel pong = Echo.open();
    Thread thread = new Thread(() -> Echo.serve(pong), "raw-udp-echo");
    thread.setDaemon(true);
    thread.start();
    return new RawPingPong(pong.getLocalAddress(), pong);
  }

  /** The echo in a JVM of its own ({@link Echo#main}, this JVM's class path), stopped on close. */
  static RawPingPong twoProcesses() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("raw-udp-echo");
    LinkedBlockingQueue<String> printed = new LinkedBlockingQueue<>();
    NodeProcess process =
        NodeProcess.start(
            "raw-udp-echo", JavaCommand.standard().main(Echo.class.getName(), List.of()), dir,
            dir.resolve("stderr.txt"), printed::add);
    String port = printed.poll(ECHO_START.toMillis(), TimeUnit.MILLISECONDS); // its port
    if (port == null) {
      process.kill();
      throw new IOException(
          "the raw UDP echo process did not say its port: " + process.stderrText().strip());
    }
    SocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port.trim()));
    return new RawPingPong(address, () -> {
      process.terminate();
      Files.deleteIfExists(dir.resolve("stderr.txt"));
      Files.deleteIfExists(dir);
    });
  }

  /** {@code count} round trips of a datagram of {@code size} bytes; each one's time in ns. */
  long[] measure(int count, int size) throws IOException {
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 'x');
    ByteBuffer out = ByteBuffer.wrap(payload);
    ByteBuffer in = ByteBuffer.allocate(65536);
    long[] rtts = new long[count];
    for (int i = 0; i < count; i++) {
      out.clear();
      in.clear();
      long start = System.nanoTime();
      ping.send(out, echoAddress);
      ping.receive(in);
      rtts[i] = System.nanoTime() - start;
      if (in.position() != size) {
        throw new IOException("echo of " + in.position() + " bytes for " + size);
      }
    }
    return rtts;
  }

  @Override
  public void close() throws Exception {
    ping.close();
    echo.close();
  }

  /** The echo side: every datagram straight back to its sender. */
  static final class Echo {
    private Echo() {}

    /** The two-process echo: prints its port, then echoes until the process is stopped. */
    public static void main(String[] args) throws IOException {
      DatagramChannel pong = open();
      System.out.println(((InetSocketAddress) pong.getLocalAddress()).getPort());
      System.out.flush();
      serve(pong);
    }

    static DatagramChannel open() throws IOException {
      return DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    static void serve(DatagramChannel pong) {
      ByteBuffer buffer = ByteBuffer.allocate(65536);
      try {
        while (true) {
          buffer.clear();
          SocketAddress from = pong.receive(buffer);
          buffer.flip();
          pong.send(buffer, from);
        }
      } catch (ClosedChannelException e) {
        // closed: done
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
