package udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import udpchat.protocol.ClientEntry;
import udpchat.protocol.ClientTable;
import udpchat.protocol.NamePort;
import udpchat.protocol.Packet;
import udpchat.protocol.ProtocolError;
import udpchat.protocol.StoredMessage;
import udpchat.server.DeliveryRound.Outcome;
import udpchat.server.DeliveryRound.Recipient;

/**
 * What one server node tells another in cluster mode arrives as it was sent: one instance of
 * every {@link CrossNode} type goes through Pekko's serialization (Java serialization off, as a
 * cluster node has it) and comes back equal. The types are found in the compiled classes, so a
 * new message that crosses nodes without the marker, or without an instance here, fails the test.
 */
class CrossNodeSerializationTest {

  private static final ActorTestKit testKit = OneNodeCluster.testKit("");

  private static final String X_TOKEN = "xxxxxxxxxxxxxxxxxxxxxx";
  private static final String Y_TOKEN = "yyyyyyyyyyyyyyyyyyyyyy";
  private static final InetSocketAddress X_AT = new InetSocketAddress("127.0.0.1", 4001);
  private static final InetSocketAddress Y_AT = new InetSocketAddress("::1", 4002);

  /**
   * What a client's entity is told, what it answers, what goes to a gateway and to the
   * directory: the roots whose public members must cross nodes.
   */
  private static final List<Class<?>> PROTOCOLS = List.of(
      ClientProtocol.Command.class, Gateway.Command.class, Directory.Command.class);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyMessageThatCrossesNodesComesBackEqual() {
    for (Object message : samples()) {
      Object back = roundTrip(message);
      assertEquals(message, back, () -> message.getClass().getName() + " changed on the way");
    }
  }

  @Test
  void singletonsComeBackAsTheSameInstance() {
    // Handlers match them with equals: a copy would be a different message.
    for (Object singleton : List.of(
        ClientProtocol.OfferMailbox.INSTANCE, ClientProtocol.AddressTaken.INSTANCE,
        ClientProtocol.Stop.INSTANCE)) {
      assertSame(singleton, roundTrip(singleton));
    }
    ShardingEnvelope<ClientProtocol.Command> envelope =
        new ShardingEnvelope<>("y", ClientProtocol.OfferMailbox.INSTANCE);
    assertSame(ClientProtocol.OfferMailbox.INSTANCE,
        ((ShardingEnvelope<?>) roundTrip(envelope)).message());
  }

  @Test
  void aClientTableCrossesAsItsEntries() {
    ClientTable table = ClientTable.of(List.of(
        ClientEntry.at("x", X_AT, true), ClientEntry.at("y", Y_AT, false)));
    Packet.ErrorReply exists = new Packet.ErrorReply(
        12, ProtocolError.CLIENT_EXISTS.message("y"), table);
    Packet back = ((Gateway.Send) roundTrip(new Gateway.Send(exists, X_AT))).packet();
    assertEquals(exists, back);
    assertEquals(List.of("x", "y"),
        List.copyOf(((Packet.ErrorReply) back).table().entries().keySet()), "in table order");
  }

  /**
   * Every public message of the protocols, and every reply a crossing message asks for (an
   * {@code ActorRef<T>} field), crosses nodes, or says that it never leaves its node.
   */
  @Test
  void everyPublicMessageAndReplyIsMarked() {
    Set<Class<?>> unmarked = new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
    for (Class<?> type : mainClasses()) {
      boolean inProtocol = PROTOCOLS.stream().anyMatch(root -> root.isAssignableFrom(type));
      if (inProtocol && isConcrete(type) && !Modifier.isPrivate(type.getModifiers())
          && !isMarked(type)) {
        unmarked.add(type);
      }
    }
    for (Class<?> reply : repliesAskedFor()) {
      if (!isMarked(reply) && !reply.equals(Done.class)) {
        unmarked.add(reply);
      }
    }
    assertEquals(Set.of(), unmarked,
        "messages that cross nodes need CrossNode (or NoSerializationVerificationNeeded if local)");
  }

  /** A type with both markers would have two serializers bound to it. */
  @Test
  void noTypeIsBothJournalAndWire() {
    List<Class<?>> both = mainClasses().stream()
        .filter(type -> JournalJson.class.isAssignableFrom(type)
            && CrossNode.class.isAssignableFrom(type))
        .toList();
    assertEquals(List.of(), both);
  }

  /** A new type that crosses nodes is round-tripped here: a sample of it is required. */
  @Test
  void everyCrossNodeTypeHasASample() {
    Set<Class<?>> sampled =
        samples().stream().map(Object::getClass).collect(Collectors.toSet());
    List<String> missing = mainClasses().stream()
        .filter(type -> CrossNode.class.isAssignableFrom(type) && isConcrete(type)
            && !Modifier.isPrivate(type.getModifiers()) && !sampled.contains(type))
        .map(Class::getName)
        .sorted()
        .toList();
    assertEquals(List.of(), missing);
  }

  private static Object roundTrip(Object message) {
    Serialization serialization = SerializationExtension.get(testKit.system());
    Serializer serializer = serialization.findSerializerFor(message);
    if (message instanceof CrossNode) {
      assertTrue(serializer instanceof JacksonCborSerializer,
          () -> message.getClass().getName() + " is serialized by " + serializer.getClass());
    }
    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  /** One instance of each type that crosses nodes, with every field set where it can be. */
  private static List<Object> samples() {
    ActorRef<Done> done = testKit.<Done>createTestProbe().ref();
    ActorRef<ClientProtocol.StoreReply> stores =
        testKit.<ClientProtocol.StoreReply>createTestProbe().ref();
    StoredMessage direct = StoredMessage.direct("x", "23:31:00", "hi y").shownAs(41);
    StoredMessage group = StoredMessage.group("x", "23:31:05", "hi all");
    StoredMessage receipt = StoredMessage.receipt("y", "23:31:00");
    Gateway.Target y = new Gateway.Target("y", Y_AT, Y_TOKEN);
    Gateway.Confirm confirm = new Gateway.Confirm("x", X_AT, 3, X_TOKEN);
    ClientEntry xOnline = ClientEntry.at("x", X_AT, true);
    Directory.Report report = new Directory.Report(xOnline, X_TOKEN, 7, false, confirm,
        testKit.<Directory.Listing>createTestProbe().ref());
    Directory.Report silent =
        new Directory.Report(ClientEntry.at("y", Y_AT, false), Y_TOKEN, 9, true);
    Push.GroupMessage groupPush = new Push.GroupMessage("x", X_TOKEN, 5, "hi all");
    Outcome outcome = new Outcome(
        List.of(new Recipient("y", Y_AT, groupPush.packet(1L << 52, Y_TOKEN), Y_TOKEN)),
        List.of(new Recipient("z", X_AT, new Packet.StatusCheck(8, X_TOKEN), X_TOKEN)));
    ActorRef<Gateway.Pushed> pushes = testKit.<Gateway.Pushed>createTestProbe().ref();
    return List.of(
        // To a client's entity, through Cluster Sharding.
        new ClientProtocol.Register(X_AT, 3),
        new ClientProtocol.Request(new Packet.GroupChat(5, "x", "hi all", X_TOKEN), X_AT, true),
        new ClientProtocol.Request(new Packet.TableSync("x", 4, X_TOKEN), X_AT, false),
        new ClientProtocol.Spoke(X_TOKEN, X_AT, true),
        new ClientProtocol.Abandoned(5),
        ClientProtocol.Stop.INSTANCE,
        IdlePassivation.Idle.INSTANCE,
        new ClientProtocol.Finish(5, Packet.ErrorReply.of(5, "too long"), true, done),
        new ClientProtocol.Finish(6, new Packet.Ack(6, "server"), false,
            testKit.system().ignoreRef()),
        new ClientProtocol.Store(direct, true, stores),
        new ClientProtocol.Missed(group, Y_TOKEN,
            testKit.<ClientProtocol.Silenced>createTestProbe().ref()),
        new ClientProtocol.Missed(null, Y_TOKEN,
            testKit.<ClientProtocol.Silenced>createTestProbe().ref()),
        new ClientProtocol.ReceiptFor("y", "23:31:00"),
        ClientProtocol.OfferMailbox.INSTANCE,
        ClientProtocol.AddressTaken.INSTANCE,
        new ClientProtocol.GetMailbox(testKit.<ClientProtocol.Mailbox>createTestProbe().ref()),
        new ClientProtocol.PartDelivered(Y_TOKEN, List.of(direct, receipt)),
        new ClientProtocol.DeliveryEnded(Y_TOKEN, true),
        // Its answers.
        new ClientProtocol.Silenced("y", true, silent),
        new ClientProtocol.Silenced("y", false, null),
        new ClientProtocol.Mailbox("y", List.of(direct, group, receipt)),
        new ClientProtocol.Stored("y"),
        new ClientProtocol.MailboxFull("y"),
        new ClientProtocol.IsOnline(y),
        // To a gateway.
        new Gateway.Send(new Packet.NoReg(3, "name taken"), X_AT),
        new Gateway.Reply(X_AT, 3, new Packet.NoReg(3, "name taken")),
        confirm,
        new Gateway.Accepted("x", new Packet.ToOffline(9, "x", "y", "23:31:00", "hi", X_TOKEN, 41L),
            X_AT),
        new Gateway.Deliver(groupPush, List.of(y), 1, pushes),
        new Gateway.Deliver(new Push.MailboxPart(List.of(direct, group), true), List.of(y), 5,
            pushes),
        new Gateway.Deliver(new Push.ReceiptOf("y", "23:31:00"), List.of(y), 1, pushes),
        new Gateway.Deliver(new Push.StatusProbe(), List.of(y), 1, pushes),
        new Gateway.Pushed(groupPush, outcome),
        new Gateway.Pushed(new Push.MailboxPart(List.of(direct), false), new Outcome(
            List.of(new Recipient("y", Y_AT,
                Packet.OfflineMessages.first(10, List.of(direct), Y_TOKEN), Y_TOKEN)),
            List.of())),
        // To and from the directory.
        report,
        silent,
        new Directory.ReportAll(List.of(silent, report)),
        Directory.HandOver.INSTANCE,
        new Directory.TableWanted(testKit.<Directory.Changed>createTestProbe().ref()),
        new Directory.Listed(),
        new Directory.TableFull(100),
        new Directory.Changed(12, false, List.of(xOnline), Map.of("x", X_TOKEN), List.of("y"),
            List.of(confirm), Set.of("z"), true),
        // A packet with an array-shaped field, where a message carries any packet.
        new ClientProtocol.Request(new Packet.Freg(3, new NamePort("x", 4001)), X_AT, true));
  }

  /** The reply types that crossing messages ask for: {@code T} of their {@code ActorRef<T>}s. */
  private static Set<Class<?>> repliesAskedFor() {
    Set<Class<?>> replies = new LinkedHashSet<>();
    for (Class<?> type : mainClasses()) {
      if (!type.isRecord() || !CrossNode.class.isAssignableFrom(type)) {
        continue;
      }
      for (RecordComponent component : type.getRecordComponents()) {
        Type generic = component.getGenericType();
        if (generic instanceof ParameterizedType ref && ref.getRawType().equals(ActorRef.class)
            && ref.getActualTypeArguments()[0] instanceof Class<?> reply) {
          replies.add(reply);
          if (reply.isSealed()) {
            replies.addAll(List.of(reply.getPermittedSubclasses()));
          }
        }
      }
    }
    return replies;
  }

  private static boolean isMarked(Class<?> type) {
    return CrossNode.class.isAssignableFrom(type)
        || NoSerializationVerificationNeeded.class.isAssignableFrom(type);
  }

  private static boolean isConcrete(Class<?> type) {
    return !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
  }

  /** Every class compiled from src/main/java. */
  private static List<Class<?>> mainClasses() {
    try {
      Path root = Path.of(
          CrossNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      List<Class<?>> classes = new ArrayList<>();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          String name = root.relativize(file).toString()
              .replace(file.getFileSystem().getSeparator(), ".")
              .replaceAll("\\.class$", "");
          if (!name.equals("module-info")) {
            classes.add(Class.forName(name, false, CrossNode.class.getClassLoader()));
          }
        }
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
