package udpchat.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.StoredMessage;

/** Well-formed packets of every type with random fields, for fuzz tests to send or to mutate. */
public final class FuzzPackets {
  private FuzzPackets() {}

  public static Arbitrary<Packet> any() {
    return Arbitraries.oneOf(
        List.of(
            Combinators.combine(ids(), namePorts()).as(Packet.Freg::new),
            Combinators.combine(ids(), tables(), tokens().filter(t -> t != null))
                .as(Packet.ConfReg::new),
            Combinators.combine(ids(), FuzzInput.text()).as(Packet.NoReg::new),
            Combinators.combine(ids(), names(), tokens()).as(Packet.Dereg::new),
            Combinators.combine(ids(), names(), tokens()).as(Packet.Reg::new),
            Combinators.combine(ids(), names(), FuzzInput.text(), tokens())
                .as(Packet.GroupChat::new),
            Combinators.combine(ids(), names(), names(), times(), FuzzInput.text(), tokens())
                .as(Packet.ToOffline::new),
            Combinators.combine(ids(), names(), FuzzInput.text()).as(Packet.DirectMessage::new),
            Combinators.combine(ids(), storedMessages(), Arbitraries.of(true, false), tokens())
                .as(Packet.OfflineMessages::new),
            Combinators.combine(ids(), names(), times(), tokens()).as(Packet.Receipt::new),
            Combinators.combine(ids(), tokens()).as(Packet.StatusCheck::new),
            Combinators.combine(ids(), names(), tokens()).as(Packet.StatusConfirm::new),
            Combinators.combine(tables(), tokens()).as(Packet.TableUpdate::new),
            Combinators.combine(ids(), names(), tokens()).as(Packet.Ack::new),
            Combinators.combine(ids(), FuzzInput.text(), tables().injectNull(0.7))
                .as(Packet.ErrorReply::new)));
  }

  public static Arbitrary<Long> ids() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 5000), Arbitraries.longs().greaterOrEqual(1));
  }

  /** Mostly a small pool of names, so packets meet each other; sometimes any valid name. */
  public static Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.of("x", "y", "z", "server"),
        Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(32));
  }

  public static Arbitrary<String> tokens() {
    return Arbitraries.strings()
        .withChars("ABCxyz019_-")
        .ofLength(22)
        .injectNull(0.3);
  }

  public static Arbitrary<String> times() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 99),
            Arbitraries.integers().between(0, 99),
            Arbitraries.integers().between(0, 99))
        .as((h, m, s) -> String.format("%02d:%02d:%02d", h, m, s));
  }

  private static Arbitrary<NamePort> namePorts() {
    return Combinators.combine(names(), Arbitraries.integers().between(1024, 65535))
        .as(NamePort::new);
  }

  private static Arbitrary<String> ips() {
    return Arbitraries.of("127.0.0.1", "10.0.0.7", "0.0.0.0", "255.255.255.255", "::1", "fe80::1");
  }

  public static Arbitrary<ClientTable> tables() {
    Arbitrary<ClientEntry> entry =
        Combinators.combine(
                names(),
                ips(),
                Arbitraries.integers().between(1024, 65535),
                Arbitraries.of(true, false))
            .as(ClientEntry::new);
    return entry
        .list()
        .ofMaxSize(6)
        .map(
            entries -> {
              Map<String, ClientEntry> byName = new LinkedHashMap<>();
              entries.forEach(e -> byName.putIfAbsent(e.name(), e));
              return ClientTable.of(byName);
            });
  }

  private static Arbitrary<List<StoredMessage>> storedMessages() {
    Arbitrary<StoredMessage> message =
        Combinators.combine(
                names().injectNull(0.2), times(), FuzzInput.text(), Arbitraries.of(true, false))
            .as(StoredMessage::new);
    return message.list().ofMaxSize(5);
  }
}
