package udpchat.testing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import udpchat.protocol.Timestamps;
import udpchat.testing.BufferConsole;

class SimWorldTest {
  private final SimWorld world = new SimWorld(Instant.parse("2024-05-17T23:32:00Z"));
  private final BufferConsole console = new BufferConsole();

  @AfterEach
  void stopWorld() {
    world.close();
  }

  /** Starts a timer when told "start"; prints the virtual time when it fires. */
  private Behavior<String> alarm(String name, Duration after) {
    return Behaviors.withTimers(
        timers ->
            Behaviors.receiveMessage(
                message -> {
                  if (message.equals("start")) {
                    timers.startSingleTimer("alarm", "ring", after);
                  } else {
                    console.line(name + " rings at " + Timestamps.now(world.clock()));
                  }
                  return Behaviors.same();
                }));
  }

  @Test
  void timersFireOnlyWhenVirtualTimePassesAndTheClockFollows() {
    ActorRef<String> alarm = world.spawn(alarm("a", Duration.ofSeconds(2)), "alarm");
    world.tell(alarm, "start");
    world.advance(Duration.ofMillis(1950));
    assertEquals(List.of(), console.lines());
    world.tick();
    assertEquals(List.of(">>> a rings at 23:32:02"), console.lines());
    assertEquals(2000, world.virtualMillis());
  }

  @Test
  void timersDueAtTheSameInstantFireInTheOrderTheyWereStarted() {
    List<ActorRef<String>> alarms = new ArrayList<>();
    IntStream.range(0, 20)
        .forEach(i -> alarms.add(world.spawn(alarm("n" + i, Duration.ofMillis(500)), "alarm-" + i)));
    world.run(() -> alarms.forEach(alarm -> alarm.tell("start")));
    world.advance(Duration.ofMillis(500));
    List<String> expected = new ArrayList<>();
    IntStream.range(0, 20).forEach(i -> expected.add(">>> n" + i + " rings at 23:32:00"));
    assertEquals(expected, console.lines());
  }

  @Test
  void aStepReturnsOnlyWhenEverythingItCausedIsDone() {
    int[] received = new int[1];
    ActorRef<Integer> counter =
        world.spawn(
            Behaviors.receive(Integer.class)
                .onMessage(
                    Integer.class,
                    n -> {
                      received[0]++;
                      return Behaviors.same();
                    })
                .build(),
            "counter");
    ActorRef<Integer> relay =
        world.spawn(
            Behaviors.<Integer>setup(
                context ->
                    Behaviors.receiveMessage(
                        n -> {
                          counter.tell(n);
                          if (n > 0) {
                            context.getSelf().tell(n - 1);
                          }
                          return Behaviors.same();
                        })),
            "relay");
    world.tell(relay, 9_999);
    assertEquals(10_000, received[0]);
  }

  @Test
  void manualTimeStepsDoNotCostRealTime() {
    long started = System.nanoTime();
    world.advance(Duration.ofMinutes(1)); // 1200 ticks
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000);
    assertEquals(60_000, world.virtualMillis());
  }

  @Test
  void manualTimeFromTheTestKitDrivesTheSameClock() {
    ActorRef<String> alarm = world.spawn(alarm("m", Duration.ofSeconds(1)), "alarm");
    world.tell(alarm, "start");
    world.run(() -> ManualTime.get(world.testKit().system()).timePasses(Duration.ofSeconds(1)));
    assertEquals(List.of(">>> m rings at 23:32:01"), console.lines());
  }
}
