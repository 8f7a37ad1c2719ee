package udpchat.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The {@code freg} payload, the seed's tuple {@code (name, port)}: on the wire {@code ["x",3333]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"name", "port"})
public record NamePort(String name, int port) {
  public NamePort {
    Fields.name("name", name);
    Fields.port("port", port);
  }
}
