package udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        // direct messages: the message is the rest of the line, spacing kept
        Arguments.of("send y hi y from x", new ChatCommand.Send("y", "hi y from x")),
        Arguments.of("send y hi   there ", new ChatCommand.Send("y", "hi   there ")),
        Arguments.of("send y  two spaces", new ChatCommand.Send("y", " two spaces")),
        Arguments.of("  send y hi", new ChatCommand.Send("y", "hi")),
        Arguments.of("send   y hi", new ChatCommand.Send("y", "hi")),
        Arguments.of("send\ty\thi", new ChatCommand.Send("y", "hi")),
        Arguments.of("send y", misused("send <name> <message>")),
        Arguments.of("send y   ", misused("send <name> <message>")),
        Arguments.of("send", misused("send <name> <message>")),
        // group messages
        Arguments.of("send_all yoyoyo everyone", new ChatCommand.SendAll("yoyoyo everyone")),
        Arguments.of("send_all  spaced", new ChatCommand.SendAll(" spaced")),
        Arguments.of("send_all", misused("send_all <message>")),
        Arguments.of("send_all   ", misused("send_all <message>")),
        // going offline and back
        Arguments.of("dereg", new ChatCommand.Dereg(Optional.empty())),
        Arguments.of("dereg x", new ChatCommand.Dereg(Optional.of("x"))),
        Arguments.of("dereg  x  ", new ChatCommand.Dereg(Optional.of("x"))),
        Arguments.of("dereg x y", misused("dereg [<your-name>]")),
        Arguments.of("reg", new ChatCommand.Reg(Optional.empty())),
        Arguments.of("reg x", new ChatCommand.Reg(Optional.of("x"))),
        Arguments.of("reg x y", misused("reg [<your-name>]")),
        // the rest
        Arguments.of("list", new ChatCommand.ListClients()),
        Arguments.of("list ", new ChatCommand.ListClients()),
        Arguments.of("list all", misused("list")),
        Arguments.of("help", new ChatCommand.Help()),
        Arguments.of("help me", misused("help")),
        Arguments.of("quit", new ChatCommand.Quit()),
        Arguments.of("quit now", misused("quit")),
        Arguments.of("", new ChatCommand.Blank()),
        Arguments.of("   \t", new ChatCommand.Blank()),
        Arguments.of("hello", new ChatCommand.Invalid()),
        Arguments.of("SEND y hi", new ChatCommand.Invalid()),
        Arguments.of("sendy hi", new ChatCommand.Invalid()),
        Arguments.of("send_al hi", new ChatCommand.Invalid()));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("lines")
  void parses(String line, ChatCommand expected) {
    assertEquals(expected, CommandParser.parse(line));
  }

  private static ChatCommand misused(String usage) {
    return new ChatCommand.Misused(usage);
  }
}
