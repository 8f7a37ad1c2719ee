package udpchat.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The wire name of each packet type ({@code "freg"}, {@code "GC"}, …), read from {@link Packet}. */
public final class PacketTypes {
  /** Read from the one place that declares them: the codec's subtype list. */
  private static final Map<Class<?>, String> NAMES =
      Arrays.stream(Packet.class.getAnnotation(JsonSubTypes.class).value())
          .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

  private PacketTypes() {}

  /** The packet's {@code "type"} on the wire. */
  public static String nameOf(Packet packet) {
    return NAMES.getOrDefault(packet.getClass(), packet.getClass().getSimpleName());
  }
}
