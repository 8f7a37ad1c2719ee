package udpchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PacketCodecTest {
  private static final PacketCodec CODEC = new PacketCodec(16384);
  private static final ClientTable TABLE =
      ClientTable.of(
          List.of(
              new ClientEntry("x", "127.0.0.1", 3333, true),
              new ClientEntry("y", "127.0.0.1", 1111, false)));
  private static final String TOKEN = "AZaz09_-AZaz09_-AZaz09";

  /** One example of every packet type, with the JSON the wire carries. */
  static Stream<Arguments> everyPacketType() {
    return Stream.of(
        Arguments.of(
            new Packet.Freg(5, new NamePort("x", 3333)),
            "{\"type\":\"freg\",\"id\":5,\"message\":[\"x\",3333]}"),
        Arguments.of(
            new Packet.ConfReg(5, 12, 1, TABLE, TOKEN),
            "{\"type\":\"conf_reg\",\"id\":5,\"version\":12,\"parts\":1,\"table\":{\"x\":[\"x\",\"127.0.0.1\",3333,true],"
                + "\"y\":[\"y\",\"127.0.0.1\",1111,false]},\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.NoReg(5, "[Invalid Name]"),
            "{\"type\":\"no_reg\",\"id\":5,\"message\":\"[Invalid Name]\"}"),
        Arguments.of(
            new Packet.Dereg(6, "x", TOKEN),
            "{\"type\":\"dereg\",\"id\":6,\"name\":\"x\",\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.Reg(7, "x", TOKEN),
            "{\"type\":\"reg\",\"id\":7,\"name\":\"x\",\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.GroupChat(8, "x", "yoyoyo everyone", TOKEN),
            "{\"type\":\"GC\",\"id\":8,\"name\":\"x\",\"message\":\"yoyoyo everyone\","
                + "\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.ToOffline(9, "y", "x", "23:32:21", "hi offline x", TOKEN),
            "{\"type\":\"to_offline\",\"id\":9,\"name_from\":\"y\",\"name_to\":\"x\","
                + "\"timestamp\":\"23:32:21\",\"message\":\"hi offline x\",\"token\":\""
                + TOKEN + "\"}"),
        Arguments.of(
            new Packet.ToOffline(9, "y", "x", "23:32:21", "hi offline x", TOKEN, 8L),
            "{\"type\":\"to_offline\",\"id\":9,\"name_from\":\"y\",\"name_to\":\"x\","
                + "\"timestamp\":\"23:32:21\",\"message\":\"hi offline x\",\"token\":\""
                + TOKEN + "\",\"msg_id\":8}"),
        Arguments.of(
            new Packet.DirectMessage(10, "x", "hi y from x"),
            "{\"type\":\"msg\",\"id\":10,\"name_from\":\"x\",\"msg\":\"hi y from x\"}"),
        Arguments.of(
            Packet.OfflineMessages.first(
                11,
                List.of(
                    StoredMessage.group("x", "23:39:33", "yoyoyo everyone"),
                    StoredMessage.direct("y", "23:39:52", "did u see that?"),
                    StoredMessage.receipt("bar", "22:55:29")),
                TOKEN),
            "{\"type\":\"offline_messages\",\"id\":11,\"offline_messages\":["
                + "[\"x\",\"23:39:33\",\"yoyoyo everyone\",true],"
                + "[\"y\",\"23:39:52\",\"did u see that?\",false],"
                + "[null,\"22:55:29\",\" [Offline Message sent at 22:55:29 received by bar.]\",false]],"
                + "\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            Packet.OfflineMessages.first(
                16,
                List.of(
                    StoredMessage.direct("y", "23:39:52", "shown already?").shownAs(8),
                    StoredMessage.receipt("bar", "22:55:29").shownAs(17)),
                TOKEN),
            "{\"type\":\"offline_messages\",\"id\":16,\"offline_messages\":["
                + "[\"y\",\"23:39:52\",\"shown already?\",false,8],"
                + "[null,\"22:55:29\",\" [Offline Message sent at 22:55:29 received by bar.]\",false,17]],"
                + "\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.OfflineMessages(
                15, List.of(StoredMessage.direct("y", "23:39:52", "part two")), true, TOKEN),
            "{\"type\":\"offline_messages\",\"id\":15,\"offline_messages\":["
                + "[\"y\",\"23:39:52\",\"part two\",false]],\"continued\":true,"
                + "\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.Receipt(12, "x", "23:32:21", TOKEN),
            "{\"type\":\"receipt\",\"id\":12,\"name\":\"x\",\"timestamp\":\"23:32:21\","
                + "\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.StatusCheck(13, TOKEN),
            "{\"type\":\"status_check\",\"id\":13,\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.StatusConfirm(13, "x", TOKEN),
            "{\"type\":\"status_confirm\",\"id\":13,\"from\":\"x\",\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.TableUpdate(14, 12, 2, 3, TABLE, TOKEN),
            "{\"type\":\"table_update\",\"version\":14,\"base\":12,\"part\":2,\"parts\":3,"
                + "\"table\":{\"x\":[\"x\",\"127.0.0.1\",3333,true],"
                + "\"y\":[\"y\",\"127.0.0.1\",1111,false]},\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.TableSync("x", 12, TOKEN),
            "{\"type\":\"table_sync\",\"name\":\"x\",\"version\":12,\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(new Packet.Ack(14, "server"), "{\"type\":\"ack\",\"id\":14,\"from\":\"server\"}"),
        Arguments.of(
            new Packet.Ack(14, "x", TOKEN),
            "{\"type\":\"ack\",\"id\":14,\"from\":\"x\",\"token\":\"" + TOKEN + "\"}"),
        Arguments.of(
            new Packet.ErrorReply(9, "[Client x exists!!]", TABLE),
            "{\"type\":\"error\",\"id\":9,\"message\":\"[Client x exists!!]\",\"table\":{"
                + "\"x\":[\"x\",\"127.0.0.1\",3333,true],\"y\":[\"y\",\"127.0.0.1\",1111,false]}}"));
  }

  @ParameterizedTest
  @MethodSource("everyPacketType")
  void encodesToTheWireFormatAndBack(Packet packet, String json) throws Exception {
    assertEquals(json, new String(CODEC.encode(packet), StandardCharsets.UTF_8));
    assertEquals(packet, CODEC.decode(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theExamplesCoverEveryPacketType() {
    Set<Class<?>> covered =
        everyPacketType().map(a -> a.get()[0].getClass()).collect(Collectors.toSet());
    assertEquals(concreteTypes(), covered);
  }

  @Test
  void extraFieldsAreIgnoredForForwardCompatibility() throws Exception {
    Packet packet =
        CODEC.decode(bytes("{\"type\":\"reg\",\"id\":7,\"name\":\"x\",\"nonce\":\"abc\"}"));
    assertEquals(new Packet.Reg(7, "x", null), packet);
  }

  @Test
  void aTokenIsOptionalOnTheWireButWellFormedWhenPresent() throws Exception {
    assertEquals(
        new Packet.Dereg(7, "x", null),
        CODEC.decode(bytes("{\"type\":\"dereg\",\"id\":7,\"name\":\"x\"}")));
    MalformedPacketException e =
        assertThrows(
            MalformedPacketException.class,
            () -> CODEC.decode(bytes("{\"type\":\"dereg\",\"id\":7,\"name\":\"x\",\"token\":\"abc\"}")));
    assertTrue(e.getMessage().contains("not a session token"), e.getMessage());
  }

  @Test
  void keepsUnicodeMessagesIntact() throws Exception {
    Packet packet = new Packet.DirectMessage(3, "x", "héllo ☃ \"quoted\" {'a': 1} __import__('os')");
    assertEquals(packet, CODEC.decode(CODEC.encode(packet)));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", "empty datagram"),
        Arguments.of("{", "not valid JSON"),
        Arguments.of("{'type': 'reg', 'id': 1, 'name': 'x'}", "not valid JSON"),
        Arguments.of("null", "not a JSON object"),
        Arguments.of("[1,2]", "not a JSON object"),
        Arguments.of("{\"id\":3}", "missing \"type\""),
        Arguments.of("{\"type\":\"exec\",\"id\":3}", "unknown type \"exec\""),
        Arguments.of("{\"type\":\"reg\",\"name\":\"x\"}", "missing \"id\""),
        Arguments.of("{\"type\":\"reg\",\"id\":-4,\"name\":\"x\"}", "missing or invalid \"id\""),
        Arguments.of("{\"type\":\"reg\",\"id\":\"3\",\"name\":\"x\"}", "invalid packet field \"id\""),
        Arguments.of("{\"type\":\"reg\",\"id\":3,\"name\":5}", "invalid packet field \"name\""),
        Arguments.of("{\"type\":\"reg\",\"id\":3}", "missing \"name\""),
        Arguments.of("{\"type\":\"reg\",\"id\":3,\"name\":\"no spaces\"}", "not a valid client name"),
        Arguments.of("{\"type\":\"freg\",\"id\":3,\"message\":[\"x\",80]}", "not a port"),
        Arguments.of("{\"type\":\"freg\",\"id\":3,\"message\":[\"x\"]}", "missing \"message.port\""),
        Arguments.of("{\"type\":\"reg\",\"id\":3,\"name\":\"x\"} trailing", "not valid JSON"),
        Arguments.of(
            "{\"type\":\"to_offline\",\"id\":3,\"name_from\":\"a\",\"name_to\":\"b\","
                + "\"timestamp\":\"noon\",\"message\":\"m\"}",
            "not a HH:mm:ss time"),
        Arguments.of(
            "{\"type\":\"table_update\",\"table\":{\"a\":[\"b\",\"1.2.3.4\",2000,true]}}",
            "does not match"),
        Arguments.of("{\"type\":\"ack\",\"id\":3,\"from\":\"x\",\"id\":4}", "invalid packet"),
        Arguments.of(
            "{\"type\":\"conf_reg\",\"id\":3,\"version\":1,\"parts\":1,\"table\":{}}",
            "missing \"token\""),
        Arguments.of("{\"type\":\"conf_reg\",\"id\":3,\"table\":{}}", "missing \"version\""),
        Arguments.of(
            "{\"type\":\"table_update\",\"version\":3,\"base\":1,\"part\":3,\"parts\":2,"
                + "\"table\":{}}",
            "\"part\" 3 of 2"),
        Arguments.of(
            "{\"type\":\"table_update\",\"version\":3,\"base\":4,\"part\":1,\"parts\":1,"
                + "\"table\":{}}",
            "\"base\" 4 is after \"version\" 3"),
        Arguments.of(
            "{\"type\":\"table_update\",\"version\":3,\"base\":1,\"part\":0,\"parts\":1,"
                + "\"table\":{}}",
            "missing or invalid \"part\""),
        Arguments.of("{\"type\":\"table_sync\",\"name\":\"x\",\"version\":-1}", "must not be negative"),
        Arguments.of(
            "{\"type\":\"table_update\",\"table\":{\"a\":[\"a\",\"example.com\",2000,true]}}",
            "not an IP address"),
        Arguments.of(
            "{\"type\":\"table_update\",\"table\":{\"a\":[\"a\",\"1:2:3\",2000,true]}}",
            "not an IP address"),
        Arguments.of(
            "{\"type\":\"offline_messages\",\"id\":3,\"offline_messages\":[null]}",
            "invalid packet"),
        Arguments.of(
            "{\"type\":\"to_offline\",\"id\":3,\"name_from\":\"a\",\"name_to\":\"b\","
                + "\"timestamp\":\"12:00:00\",\"message\":\"m\",\"msg_id\":0}",
            "missing or invalid \"msg_id\""),
        Arguments.of(
            "{\"type\":\"offline_messages\",\"id\":3,"
                + "\"offline_messages\":[[\"a\",\"12:00:00\",\"m\",false,\"7\"]]}",
            "invalid packet"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedInputWithAClearReason(String datagram, String reason) {
    MalformedPacketException e =
        assertThrows(MalformedPacketException.class, () -> CODEC.decode(bytes(datagram)));
    assertTrue(
        e.getMessage().contains(reason), () -> "reason was: " + e.getMessage());
  }

  @Test
  void rejectsDatagramsOverTheSizeLimitUnread() {
    PacketCodec small = new PacketCodec(512);
    byte[] big = bytes("{\"type\":\"msg\",\"id\":1,\"name_from\":\"x\",\"msg\":\"" + "a".repeat(600) + "\"}");
    MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> small.decode(big));
    assertTrue(e.getMessage().contains("exceeds the limit of 512"), e.getMessage());
  }

  @Test
  void rejectsDeeplyNestedInput() {
    String nested = "[".repeat(50) + "]".repeat(50);
    String datagram = "{\"type\":\"ack\",\"id\":1,\"from\":\"x\",\"extra\":" + nested + "}";
    assertThrows(MalformedPacketException.class, () -> CODEC.decode(bytes(datagram)));
  }

  private static Set<Class<?>> concreteTypes() {
    return concreteTypes(Packet.class).collect(Collectors.toSet());
  }

  /** The records under a sealed type, through its sealed kinds (a record may be of several). */
  private static Stream<Class<?>> concreteTypes(Class<?> type) {
    return type.isInterface()
        ? Stream.of(type.getPermittedSubclasses()).flatMap(PacketCodecTest::concreteTypes)
        : Stream.of(type);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
