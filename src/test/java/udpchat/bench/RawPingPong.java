package udpchat.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/**
 * The baseline for a direct message: plain Java UDP on loopback, a datagram of the same size sent
 * from one blocking {@link DatagramChannel} to another, whose thread sends it straight back.
 * What is left is the kernel and two thread wake-ups per round trip.
 */
final class RawPingPong implements AutoCloseable {
  private final DatagramChannel ping;
  private final DatagramChannel pong;
  private final SocketAddress pongAddress;
  private final Thread echo;

  RawPingPong() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ping = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
    pong = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
    pongAddress = pong.getLocalAddress();
    echo = new Thread(this::echo, "raw-udp-echo");
    echo.setDaemon(true);
    echo.start();
  }

  private void echo() {
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
      throw new java.io.UncheckedIOException(e);
    }
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
      ping.send(out, pongAddress);
      ping.receive(in);
      rtts[i] = System.nanoTime() - start;
      if (in.position() != size) {
        throw new IOException("echo of " + in.position() + " bytes for " + size);
      }
    }
    return rtts;
  }

  @Override
  public void close() throws IOException {
    ping.close();
    pong.close();
  }
}
