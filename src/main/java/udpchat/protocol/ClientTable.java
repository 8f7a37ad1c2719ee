package udpchat.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of the client table, in first-registration order. On the wire a JSON
 * object {@code {"x":["x","127.0.0.1",3333,true]}}; on the server console the seed's Python repr.
 *
 * <p>Its JSON is made once and kept: the server sends one table (a change, a part of the whole
 * table) to thousands of clients, each copy in a packet of its own (its own token), and encoding
 * the entries for each copy would cost more than sending it.
 */
@JsonSerialize(using = ClientTable.Json.class)
public final class ClientTable {
  public static final ClientTable EMPTY = new ClientTable(Map.of());

  /** Entries are arrays of strings, numbers and booleans: no setting of the codec's applies. */
  private static final ObjectMapper ENTRIES = new ObjectMapper();

  private final Map<String, ClientEntry> entries;
  /** This table's JSON, made on first use (two threads may both make it: the same text). */
  private volatile SerializedString json;

  private ClientTable(Map<String, ClientEntry> entries) {
    this.entries = entries;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ClientTable of(Map<String, ClientEntry> entries) {
    LinkedHashMap<String, ClientEntry> copy = new LinkedHashMap<>();
    entries.forEach(
        (key, entry) -> {
          if (entry == null || !entry.name().equals(key)) {
            throw new IllegalArgumentException("table key \"" + key + "\" does not match its entry");
          }
          copy.put(key, entry);
        });
    return new ClientTable(Collections.unmodifiableMap(copy));
  }

  public static ClientTable of(Collection<ClientEntry> entries) {
    LinkedHashMap<String, ClientEntry> map = new LinkedHashMap<>();
    entries.forEach(entry -> map.put(entry.name(), entry));
    return new ClientTable(Collections.unmodifiableMap(map));
  }

  public Map<String, ClientEntry> entries() {
    return entries;
  }

  private SerializedString json() {
    SerializedString made = json;
    if (made == null) {
      try {
        made = new SerializedString(ENTRIES.writeValueAsString(entries));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e); // plain strings, numbers and booleans: cannot happen
      }
      json = made;
    }
    return made;
  }

  /**
   * Writes the kept JSON (its UTF-8 bytes are kept too); to a binary format (CBOR, between server
   * nodes), which takes no raw JSON text, the entries themselves.
   */
  static final class Json extends StdSerializer<ClientTable> {
    Json() {
      super(ClientTable.class);
    }

    @Override
    public void serialize(ClientTable table, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      if (generator.canWriteBinaryNatively()) {
        provider.defaultSerializeValue(table.entries(), generator);
      } else {
        generator.writeRawValue(table.json());
      }
    }
  }

  public Optional<ClientEntry> get(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  public int size() {
    return entries.size();
  }

  /** The seed's console form: {@code {'x': ('x', '127.0.0.1', 3333, True)}}. */
  public String toSeedString() {
    return entries.values().stream()
        .map(
            e ->
                "'%s': ('%s', '%s', %d, %s)"
                    .formatted(e.name(), e.name(), e.ip(), e.port(), e.online() ? "True" : "False"))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClientTable table && entries.equals(table.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return toSeedString();
  }
}
