package udpchat.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of the client table, in first-registration order. On the wire a JSON
 * object {@code {"x":["x","127.0.0.1",3333,true]}}; on the server console the seed's Python repr.
 */
public final class ClientTable {
  public static final ClientTable EMPTY = new ClientTable(Map.of());

  private final Map<String, ClientEntry> entries;

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

  @JsonValue
  public Map<String, ClientEntry> entries() {
    return entries;
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
