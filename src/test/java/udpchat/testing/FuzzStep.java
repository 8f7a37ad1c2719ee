package udpchat.testing;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import udpchat.protocol.Packet;

/**
 * One datagram of a fuzz run against a node, described by choices that the run's harness turns
 * into bytes when it gets there: only then does it know the session tokens, the ids in flight and
 * what was sent before. Small numbers pick from the harness's pools (modulo their size).
 *
 * @param kind what to send (the harness's own list of kinds)
 * @param who whose name the packet carries
 * @param from which address it comes from
 * @param token 0: the right session token; 1: none; 2: a made-up one; 3: another client's
 * @param id 0: a fresh id; 1: an id used before; 2: a small random one ({@code randomId})
 * @param text the message, if the packet has one (the harness makes it unique)
 * @param mutations changes to the encoded bytes (usually none)
 * @param garbage bytes to send instead, for the kind that sends garbage
 * @param stranger a random well-formed packet, for the kind that sends one as it is
 * @param randomId the id when {@code id} is 2, or the pick among earlier datagrams
 * @param pause how many half ACK timeouts pass after the datagram
 */
public record FuzzStep(
    int kind,
    int who,
    int from,
    int token,
    int id,
    String text,
    List<FuzzInput.Mutation> mutations,
    byte[] garbage,
    Packet stranger,
    int randomId,
    int pause) {

  /** Steps over {@code kinds} kinds, each picked equally often. */
  public static Arbitrary<FuzzStep> steps(int kinds) {
    Arbitrary<Integer> small = Arbitraries.integers().between(0, 15);
    Arbitrary<Integer> token =
        Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.just(1)),
            Tuple.of(1, Arbitraries.just(2)),
            Tuple.of(1, Arbitraries.just(3)));
    Arbitrary<Integer> id =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.just(1)),
            Tuple.of(1, Arbitraries.just(2)));
    Arbitrary<List<FuzzInput.Mutation>> mutations =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(List.of())), Tuple.of(1, FuzzInput.mutations()));
    Arbitrary<Integer> wait =
        Arbitraries.frequencyOf(
            Tuple.of(24, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 4)));
    Arbitrary<Choices> choices =
        Combinators.combine(
                Arbitraries.integers().between(0, kinds - 1), small, small, token, id)
            .as(Choices::new);
    Arbitrary<Payload> payload =
        Combinators.combine(
                FuzzInput.text(),
                mutations,
                FuzzInput.garbage(),
                FuzzPackets.any(),
                Arbitraries.integers().between(1, 5000),
                wait)
            .as(Payload::new);
    return Combinators.combine(choices, payload)
        .as(
            (c, p) ->
                new FuzzStep(
                    c.kind, c.who, c.from, c.token, c.id, p.text, p.mutations, p.garbage,
                    p.stranger, p.randomId, p.pause));
  }

  private record Choices(int kind, int who, int from, int token, int id) {}

  private record Payload(
      String text,
      List<FuzzInput.Mutation> mutations,
      byte[] garbage,
      Packet stranger,
      int randomId,
      int pause) {}

  @Override
  public String toString() {
    return "Step[kind=" + kind + ", who=" + who + ", from=" + from + ", token=" + token + ", id="
        + id + ", text=" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
        + " (" + text.length() + " chars)"
        + ", mutations=" + mutations + ", garbage=" + garbage.length + " B, randomId=" + randomId
        + ", pause=" + pause + "]";
  }
}
