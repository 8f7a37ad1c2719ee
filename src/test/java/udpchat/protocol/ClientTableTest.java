package udpchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientTableTest {
  @Test
  void printsLikeTheSeedInFirstRegistrationOrder() {
    ClientTable table =
        ClientTable.of(
            List.of(
                new ClientEntry("x", "127.0.0.1", 3333, true),
                new ClientEntry("y", "127.0.0.1", 1111, false),
                new ClientEntry("a", "127.0.0.1", 1133, true)));
    assertEquals(
        "{'x': ('x', '127.0.0.1', 3333, True), 'y': ('y', '127.0.0.1', 1111, False),"
            + " 'a': ('a', '127.0.0.1', 1133, True)}",
        table.toSeedString());
    assertEquals("{}", ClientTable.EMPTY.toSeedString());
  }

  @Test
  void anEntryKnowsItsSocket() {
    ClientEntry x = ClientEntry.at("x", new InetSocketAddress("127.0.0.1", 3333), true);
    assertTrue(x.isAt(new InetSocketAddress("127.0.0.1", 3333)));
    assertFalse(x.isAt(new InetSocketAddress("127.0.0.1", 3334)));
    assertFalse(x.isAt(new InetSocketAddress("127.0.0.2", 3333)));
    assertEquals(new ClientEntry("x", "127.0.0.1", 3333, false), x.withOnline(false));
  }

  @Test
  void anEntrysAddressIsAnIpLiteralNeverAHostName() {
    for (String ip : List.of("127.0.0.1", "0.0.0.0", "::1", "fe80::1%eth0", "::ffff:10.0.0.1")) {
      assertEquals(ip, new ClientEntry("x", ip, 3333, true).ip());
    }
    ClientEntry v6 = ClientEntry.at("x", new InetSocketAddress("::1", 3333), true);
    assertTrue(v6.isAt(new InetSocketAddress("::1", 3333)), v6.ip());
    for (String bad : List.of("localhost", "example.com", "256.1.1.1", "1.2.3", "1:2:3", "", " ")) {
      assertThrows(IllegalArgumentException.class, () -> new ClientEntry("x", bad, 3333, true), bad);
    }
  }
}
