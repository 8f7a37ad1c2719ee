package udpchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import udpchat.testing.FuzzInput;
import udpchat.testing.FuzzPackets;
import udpchat.testing.FuzzTries;

/**
 * The codec against anything a datagram can hold (issue 5.4): it returns a well-formed packet or
 * throws {@link MalformedPacketException} with a short one-line reason, and nothing else.
 */
@AddLifecycleHook(FuzzTries.class)
class PacketCodecFuzzTest {
  private static final PacketCodec CODEC = new PacketCodec(16384);

  @Property
  void anyDatagramIsAPacketOrRejectedWithAReason(@ForAll("datagrams") byte[] datagram)
      throws MalformedPacketException {
    Packet packet;
    try {
      packet = CODEC.decode(datagram);
    } catch (MalformedPacketException e) {
      Statistics.label("datagrams").collect("rejected");
      String reason = e.getMessage();
      assertFalse(reason.isBlank());
      assertFalse(reason.contains("\n") || reason.contains("\r"), reason);
      assertTrue(reason.length() < 500, reason);
      return;
    }
    Statistics.label("datagrams").collect("decoded");
    // What decodes is well formed: it encodes, and reads back as itself.
    assertEquals(packet, CODEC.decode(CODEC.encode(packet)));
  }

  @Property
  void everyWellFormedPacketSurvivesTheCodec(@ForAll("packets") Packet packet) throws Exception {
    byte[] bytes = CODEC.encode(packet);
    if (bytes.length <= CODEC.maxDatagramBytes()) {
      assertEquals(packet, CODEC.decode(bytes));
    } else {
      assertTrue(isRejected(bytes), "an oversized datagram is rejected");
    }
  }

  @Provide
  Arbitrary<byte[]> datagrams() {
    Arbitrary<byte[]> valid = FuzzPackets.any().map(CODEC::encode);
    Arbitrary<byte[]> mutated =
        Combinators.combine(valid, FuzzInput.mutations()).as(FuzzInput::mutate);
    Arbitrary<byte[]> huge =
        Arbitraries.integers()
            .between(16_000, 70_000)
            .map(n -> "{\"type\":\"msg\",\"id\":1,\"name_from\":\"x\",\"msg\":\""
                + "m".repeat(n) + "\"}")
            .map(json -> json.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(
        Tuple.of(3, FuzzInput.garbage()),
        Tuple.of(5, mutated),
        Tuple.of(2, valid),
        Tuple.of(1, huge));
  }

  @Provide
  Arbitrary<Packet> packets() {
    return FuzzPackets.any();
  }

  private static boolean isRejected(byte[] bytes) {
    try {
      CODEC.decode(bytes);
      return false;
    } catch (MalformedPacketException e) {
      return e.getMessage().contains("exceeds the limit");
    }
  }
}
