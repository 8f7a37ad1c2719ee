package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import udpchat.protocol.ClientEntry;

class ClientRegistryTest {
  private static final ClientEntry X = new ClientEntry("x", "127.0.0.1", 3333, true);
  private static final ClientEntry Y = new ClientEntry("y", "127.0.0.1", 1111, false);

  private static List<String> names(List<ClientEntry> entries) {
    return entries.stream().map(ClientEntry::name).toList();
  }

  @Test
  void everyChangeIsANewVersionAndTheChangesSinceAVersionAreInRegistrationOrder() {
    ClientRegistry registry = new ClientRegistry();
    registry.add("x", new InetSocketAddress("127.0.0.1", 3333));
    registry.add("y", new InetSocketAddress("127.0.0.1", 1111));
    registry.add("z", new InetSocketAddress("127.0.0.1", 1122));
    assertEquals(3, registry.version());
    registry.setOnline("x", false);
    registry.setOnline("x", false); // no change, no version
    assertEquals(4, registry.version());
    assertEquals(List.of("x", "z"), names(registry.changedSince(2)));
    assertEquals(List.of("x", "y", "z"), names(registry.changedSince(0)));
    assertEquals(List.of(), names(registry.changedSince(4)));
  }

  @Test
  void aRestoredTableIsWholeAfterVersionZeroEvenFromASnapshotWithoutAVersion() {
    ClientRegistry registry = new ClientRegistry();
    registry.restore(List.of(X, Y), 0);
    assertEquals(List.of("x", "y"), names(registry.changedSince(0)));
    long restored = registry.version();
    registry.setOnline("y", true);
    assertEquals(List.of("x", "y"), names(registry.changedSince(0)));
    assertEquals(List.of("y"), names(registry.changedSince(restored)));
  }

  @Test
  void whoHeldAnAddressIsFoundWithoutAScan() {
    ClientRegistry registry = new ClientRegistry();
    registry.restore(List.of(X, Y), 7);
    assertEquals(List.of("x"), names(registry.othersOnlineAt(X.address(), "new")));
    assertEquals(List.of(), names(registry.othersOnlineAt(X.address(), "x")));
    registry.setOnline("x", false);
    assertEquals(List.of(), names(registry.othersOnlineAt(X.address(), "new")));
  }
}
