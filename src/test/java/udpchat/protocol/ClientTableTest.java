package udpchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
