package udpchat.testing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import udpchat.protocol.PacketCodec;
import udpchat.testing.BufferConsole;

class SimNetworkTest {
  private final SimWorld world = new SimWorld(Instant.parse("2024-05-17T23:32:00Z"));
  private final SimNetwork network = new SimNetwork(world.testKit(), new PacketCodec(16384), 7);
  private final BufferConsole aConsole = new BufferConsole();
  private final BufferConsole bConsole = new BufferConsole();

  @AfterEach
  void stopWorld() {
    world.close();
  }

  private ActorRef<EchoNode.Command> start(String name, int port, BufferConsole console) {
    return world.spawn(EchoNode.create(name, port, network, console), name);
  }

  private static LinkRule.Match msgFrom(int from, int to) {
    return new LinkRule.Match(
        Optional.of(SimNetwork.address(from)), Optional.of(SimNetwork.address(to)), Optional.of("msg"));
  }

  @Test
  void deliversThroughTheCodecFromTheSendersAddress() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    start("b", 2001, bConsole);
    world.tell(a, new EchoNode.Say(1, "hi", 2001));
    assertEquals(List.of(">>> bound 2000", ">>> ack 1 from b@2001"), aConsole.lines());
    assertEquals(List.of(">>> bound 2001", ">>> a@2000: hi"), bConsole.lines());
  }

  @Test
  void aSecondSocketOnTheSamePortFailsToBind() {
    start("a", 2000, aConsole);
    start("b", 2000, bConsole);
    assertEquals(List.of(">>> bind failed: Port 2000 is already in use"), bConsole.lines());
  }

  @Test
  void dropsAsManyDatagramsAsTheRuleSays() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    start("b", 2001, bConsole);
    world.run(() -> network.add(new LinkRule.Drop(msgFrom(2000, 2001), 2)));
    for (int id = 1; id <= 3; id++) {
      world.tell(a, new EchoNode.Say(id, "try " + id, 2001));
    }
    assertEquals(List.of(">>> bound 2001", ">>> a@2000: try 3"), bConsole.lines());
  }

  @Test
  void duplicatesADatagram() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    start("b", 2001, bConsole);
    world.run(() -> network.add(new LinkRule.Duplicate(msgFrom(2000, 2001), 1)));
    world.tell(a, new EchoNode.Say(1, "twice", 2001));
    assertEquals(List.of(">>> bound 2001", ">>> a@2000: twice", ">>> a@2000: twice"), bConsole.lines());
    assertEquals(2, aConsole.lines().stream().filter(l -> l.startsWith(">>> ack 1")).count());
  }

  @Test
  void delaysADatagramInVirtualTime() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    start("b", 2001, bConsole);
    world.run(
        () -> network.add(new LinkRule.Delay(msgFrom(2000, 2001), Duration.ofMillis(300), 1)));
    world.tell(a, new EchoNode.Say(1, "late", 2001));
    world.advance(Duration.ofMillis(250));
    assertEquals(List.of(">>> bound 2001"), bConsole.lines());
    world.advance(Duration.ofMillis(50));
    assertEquals(List.of(">>> bound 2001", ">>> a@2000: late"), bConsole.lines());
  }

  @Test
  void aCutNodeNeitherSendsNorReceivesUntilHealed() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    ActorRef<EchoNode.Command> b = start("b", 2001, bConsole);
    world.run(() -> network.add(new LinkRule.Cut(SimNetwork.address(2001))));
    world.tell(a, new EchoNode.Say(1, "lost", 2001));
    world.tell(b, new EchoNode.Say(2, "lost too", 2000));
    world.run(() -> network.heal(SimNetwork.address(2001)));
    world.tell(a, new EchoNode.Say(3, "back", 2001));
    assertEquals(List.of(">>> bound 2000", ">>> ack 3 from b@2001"), aConsole.lines());
    assertEquals(List.of(">>> bound 2001", ">>> a@2000: back"), bConsole.lines());
  }

  @Test
  void injectedBytesGoThroughTheCodec() {
    start("b", 2001, bConsole);
    world.run(
        () ->
            network.inject(
                SimNetwork.address(2001),
                SimNetwork.address(9999),
                "not json".getBytes(StandardCharsets.UTF_8)));
    world.run(
        () ->
            network.inject(
                SimNetwork.address(2001),
                SimNetwork.address(9999),
                "{\"type\":\"msg\",\"id\":5,\"name_from\":\"z\",\"msg\":\"raw\"}"
                    .getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        List.of(">>> bound 2001", ">>> rejected from 9999", ">>> z@9999: raw"), bConsole.lines());
  }

  @Test
  void aStoppedNodesAddressIsFreeAgainAndDatagramsToItVanish() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    ActorRef<EchoNode.Command> b = start("b", 2001, bConsole);
    world.stop(b);
    world.tell(a, new EchoNode.Say(1, "anyone?", 2001));
    BufferConsole again = new BufferConsole();
    world.spawn(EchoNode.create("b", 2001, network, again), "b-again");
    world.tell(a, new EchoNode.Say(2, "hello again", 2001));
    assertEquals(List.of(">>> bound 2001", ">>> a@2000: hello again"), again.lines());
    assertEquals(List.of(">>> bound 2000", ">>> ack 2 from b@2001"), aConsole.lines());
  }

  @Test
  void aLossyLinkLosesDuplicatesAndReordersTheSameWayEveryRun() {
    List<String> first = lossyRun();
    assertEquals(first, lossyRun());
    long arrived = first.stream().filter(line -> line.startsWith(">>> a@2000")).count();
    assertTrue(arrived > 0 && arrived != 40, "some lost or doubled: " + arrived);
    List<String> inOrder =
        first.stream().filter(line -> line.startsWith(">>> a@2000")).sorted().toList();
    assertTrue(!inOrder.equals(first.subList(1, first.size())), "some overtaken: " + first);
  }

  /** Forty numbered messages over a bad link, in a fresh world; what the receiver printed. */
  private static List<String> lossyRun() {
    try (SimWorld lossyWorld = new SimWorld(Instant.parse("2024-05-17T23:32:00Z"))) {
      SimNetwork lossy = new SimNetwork(lossyWorld.testKit(), new PacketCodec(16384), 42);
      BufferConsole receiver = new BufferConsole();
      ActorRef<EchoNode.Command> a =
          lossyWorld.spawn(EchoNode.create("a", 2000, lossy, new BufferConsole()), "a");
      lossyWorld.spawn(EchoNode.create("b", 2001, lossy, receiver), "b");
      lossyWorld.run(
          () ->
              lossy.add(
                  new LinkRule.Lossy(
                      SimNetwork.address(2000),
                      SimNetwork.address(2001),
                      0.25,
                      0.25,
                      Duration.ofMillis(200))));
      for (int i = 10; i < 50; i++) {
        lossyWorld.tell(a, new EchoNode.Say(i, "m" + i, 2001));
      }
      lossyWorld.advance(Duration.ofSeconds(1));
      return receiver.lines();
    }
  }

  @Test
  void aLossyLinkLosesTheSameDatagramAtMostTwice() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    start("b", 2001, bConsole);
    world.run(
        () ->
            network.add(
                new LinkRule.Lossy(
                    SimNetwork.address(2000), SimNetwork.address(2001), 0.9, 0, Duration.ZERO)));
    for (int attempt = 0; attempt < 3; attempt++) {
      world.tell(a, new EchoNode.Say(1, "same bytes", 2001));
    }
    assertEquals(1, bConsole.lines().stream().filter(l -> l.contains("same bytes")).count());
  }

  @Test
  void anOutageLosesEveryCopyAndEveryRetryUntilItEnds() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    start("b", 2001, bConsole);
    world.run(
        () -> {
          // A link that never loses twice, so only the outage can lose a datagram for good.
          network.add(
              new LinkRule.Lossy(
                  SimNetwork.address(2000), SimNetwork.address(2001), 0, 0,
                  Duration.ofMillis(200)));
          network.outage(
              SimNetwork.address(2000), SimNetwork.address(2001), true, Duration.ofSeconds(2));
        });
    for (int attempt = 0; attempt < 5; attempt++) {
      world.tell(a, new EchoNode.Say(1, "same bytes", 2001));
      world.advance(Duration.ofMillis(350));
    }
    assertEquals(List.of(">>> bound 2001"), bConsole.lines());
    world.advance(Duration.ofMillis(300)); // 2 s have passed: the link is up again
    world.tell(a, new EchoNode.Say(2, "after", 2001));
    world.advance(Duration.ofMillis(200));
    assertEquals(List.of(">>> bound 2001", ">>> a@2000: after"), bConsole.lines());
    assertEquals(List.of(">>> bound 2000", ">>> ack 2 from b@2001"), aConsole.lines());
  }

  @Test
  void aOneWayOutageLetsTheOtherDirectionThroughAndCatchesCopiesInFlight() {
    ActorRef<EchoNode.Command> a = start("a", 2000, aConsole);
    ActorRef<EchoNode.Command> b = start("b", 2001, bConsole);
    world.run(
        () ->
            network.add(
                new LinkRule.Delay(msgFrom(2000, 2001), Duration.ofMillis(300), 1)));
    world.tell(a, new EchoNode.Say(1, "on its way", 2001));
    world.run(
        () ->
            network.outage(
                SimNetwork.address(2000), SimNetwork.address(2001), false,
                Duration.ofSeconds(1)));
    world.tell(b, new EchoNode.Say(2, "the other way", 2000));
    world.advance(Duration.ofMillis(500));
    assertEquals(List.of(">>> bound 2001"), bConsole.lines()); // and b's ACK to a is lost too
    assertEquals(List.of(">>> bound 2000", ">>> b@2001: the other way"), aConsole.lines());
  }
}
