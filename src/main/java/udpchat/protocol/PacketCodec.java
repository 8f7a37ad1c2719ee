package udpchat.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one translation between packets and datagram bytes (UTF-8 JSON). Decoding is strict about
 * what a packet needs (its type, required fields, field types, sizes) and tolerant of extra
 * fields, so newer peers can add some. Nothing received is ever evaluated: it is only parsed as
 * JSON data. Thread-safe and immutable.
 */
public final class PacketCodec {
  private final ObjectMapper mapper;
  /** Built once: looking the (de)serializers up in the mapper costs every datagram a cache lookup. */
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final int maxDatagramBytes;

  public PacketCodec(int maxDatagramBytes) {
    this.maxDatagramBytes = maxDatagramBytes;
    JsonMapper.Builder builder =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // Two values for one field would leave it to chance which one counts.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
    ObjectMapper built = builder.build();
    // No silent type juggling: "12" is not a number and 12 is not a name.
    built
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    built
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    built
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    built
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(8)
                .maxStringLength(maxDatagramBytes)
                .maxNumberLength(20)
                .build());
    this.mapper = built;
    this.reader = built.readerFor(Packet.class);
    // For the declared type Packet, whose "type" property names the record: the bytes are those
    // of writeValueAsBytes(packet).
    this.writer = built.writerFor(Packet.class);
  }

  public int maxDatagramBytes() {
    return maxDatagramBytes;
  }

  /**
   * Builds Jackson's readers and writers for every packet type now rather than on the first
   * datagram of each type: on a busy machine that first build can take longer than an ACK
   * timeout. Safe to call from any thread, once, while the node starts.
   */
  public void warmUp() {
    mapper.readerFor(Packet.class);
    packetTypes(Packet.class)
        .forEach(
            type -> {
              mapper.readerFor(type);
              mapper.writerFor(type);
            });
  }

  private static Stream<Class<?>> packetTypes(Class<?> type) {
    return type.isInterface()
        ? Stream.of(type.getPermittedSubclasses()).flatMap(PacketCodec::packetTypes)
        : Stream.of(type);
  }

  public byte[] encode(Packet packet) {
    try {
      return writer.writeValueAsBytes(packet);
    } catch (JsonProcessingException e) {
      // Every Packet is a plain record of strings, numbers and lists: this cannot happen.
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON text of a packet, for logs and tests. */
  public String toJson(Packet packet) {
    try {
      return writer.writeValueAsString(packet);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Packet decode(byte[] bytes) throws MalformedPacketException {
    if (bytes.length > maxDatagramBytes) {
      throw new MalformedPacketException(
          "datagram of " + bytes.length + " bytes exceeds the limit of " + maxDatagramBytes);
    }
    if (!startsWithObject(bytes)) {
      throw new MalformedPacketException(
          bytes.length == 0 ? "empty datagram" : "not a JSON object");
    }
    try {
      return reader.readValue(bytes);
    } catch (InvalidTypeIdException e) {
      return rethrow(
          e.getTypeId() == null
              ? "missing \"type\""
              : "unknown type \"" + printable(e.getTypeId()) + "\"");
    } catch (JsonMappingException e) {
      return rethrow(reasonOf(e));
    } catch (JsonProcessingException e) {
      String problem = printable(e.getOriginalMessage());
      return rethrow(
          problem.startsWith("Duplicate field")
              ? "invalid packet: " + problem
              : "not valid JSON: " + problem);
    } catch (IOException e) {
      return rethrow("unreadable datagram: " + printable(e.getMessage()));
    }
  }

  private static Packet rethrow(String reason) throws MalformedPacketException {
    throw new MalformedPacketException(reason);
  }

  /** A JSON text that is a packet at all starts with '{' (after optional whitespace). */
  private static boolean startsWithObject(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{';
      }
    }
    return false;
  }

  /**
   * Our own field checks (e.g. "missing \"id\"") are the innermost cause; otherwise Jackson
   * names the problem and we name the field by its JSON path, not by Java class.
   */
  private static String reasonOf(JsonMappingException e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof IllegalArgumentException) {
      return "invalid packet: " + printable(cause.getMessage());
    }
    String field =
        e.getPath().stream()
            .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."));
    String problem = printable(e.getOriginalMessage()).replaceAll("\\s*\\((set|but) .*\\)$", "");
    if (problem.startsWith("Cannot map `null` into type") && !field.isEmpty()) {
      return "missing \"" + printable(field) + "\""; // a number the packet needs is absent
    }
    // A field name can be a table key, chosen by the sender: it is made printable like the rest.
    return "invalid packet"
        + (field.isEmpty() ? "" : " field \"" + printable(field) + "\"")
        + ": "
        + problem;
  }

  /** Keeps attacker-controlled text short and on one line before it reaches a log. */
  private static String printable(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = text.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }
}
