package udpchat.protocol;

/** A datagram that is not a well-formed UdpChat packet; the message says what is wrong. */
public final class MalformedPacketException extends Exception {
  public MalformedPacketException(String reason) {
    super(reason);
  }
}
