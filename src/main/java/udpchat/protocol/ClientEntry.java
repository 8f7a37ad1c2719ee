package udpchat.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.InetSocketAddress;

/** One row of the client table, the seed's tuple: on the wire {@code ["x","127.0.0.1",3333,true]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"name", "ip", "port", "online"})
public record ClientEntry(String name, String ip, int port, boolean online) {
  public ClientEntry {
    Fields.name("name", name);
    Fields.ip("ip", ip);
    Fields.port("port", port);
  }

  public static ClientEntry at(String name, InetSocketAddress address, boolean online) {
    return new ClientEntry(name, address.getAddress().getHostAddress(), address.getPort(), online);
  }

  @JsonIgnore
  public InetSocketAddress address() {
    return new InetSocketAddress(ip, port);
  }

  /** True when a datagram from {@code source} comes from this client's registered socket. */
  public boolean isAt(InetSocketAddress source) {
    return source.getPort() == port && source.getAddress().getHostAddress().equals(ip);
  }

  public ClientEntry withOnline(boolean nowOnline) {
    return nowOnline == online ? this : new ClientEntry(name, ip, port, nowOnline);
  }
}
