package udpchat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import udpchat.Main;
import udpchat.client.ClientOptions;

/** The command line as a person meets it: what each mistake prints, and the exit status. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Launch launched;

  private int run(String commandLine) {
    String[] args = commandLine.isBlank() ? new String[0] : commandLine.trim().split(" +");
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        launch -> {
          launched = launch;
          return 0;
        });
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aServerPortStartsTheServer() {
    assertEquals(0, run("-s 5000"));
    assertEquals(new Launch.Server(5000, false), launched);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aClusterNodeGetsItsClusterPortAndSeedNodes() {
    assertEquals(0, run("-s 5001 --cluster-port 2552 --seed-nodes 127.0.0.1:2551,127.0.0.1:2552"));
    assertEquals(new Launch.Server(5001, false, OptionalInt.of(2552),
        List.of("127.0.0.1:2551", "127.0.0.1:2552")), launched);
  }

  @Test
  void aClientGetsItsNameServerAddressAndPort() throws Exception {
    assertEquals(0, run("-c x 127.0.0.1 5000 3333 --trace"));
    ClientOptions options =
        new ClientOptions("x", new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5000), 3333);
    assertEquals(new Launch.Client(options, true), launched);
  }

  @Test
  void aServerHostNameThatResolvesIsAccepted() {
    assertEquals(0, run("-c Anna_B.2-c localhost 5000 3333"));
    Launch.Client client = (Launch.Client) launched;
    assertEquals("Anna_B.2-c", client.options().name());
    assertTrue(client.options().server().getAddress().isLoopbackAddress());
  }

  @Test
  void serversAfterTheFirstComeFromTheServersFlagInTheirOrder() throws Exception {
    assertEquals(0, run("-c x 127.0.0.1 5000 3333 --servers 127.0.0.1:5002,127.0.0.1:5001"));
    Launch.Client client = (Launch.Client) launched;
    assertEquals(
        List.of(loopback(5000), loopback(5002), loopback(5001)), client.options().servers());
    assertTrue(client.serversGiven());
  }

  @Test
  void theFirstServerListedAgainInTheFlagCountsOnceAndStaysFirst() throws Exception {
    assertEquals(0, run("--servers 127.0.0.1:5001,127.0.0.1:5000 -c x 127.0.0.1 5000 3333"));
    Launch.Client client = (Launch.Client) launched;
    assertEquals(List.of(loopback(5000), loopback(5001)), client.options().servers());
  }

  @Test
  void anIpv6ServerIsWrittenInBrackets() throws Exception {
    assertEquals(0, run("-c x 127.0.0.1 5000 3333 --servers [::1]:5001"));
    Launch.Client client = (Launch.Client) launched;
    InetSocketAddress ipv6 = new InetSocketAddress(InetAddress.getByName("::1"), 5001);
    assertEquals(ipv6, client.options().servers().get(1));
  }

  @Test
  void withoutTheFlagTheClientHasTheOneServerOfTheCommandLine() throws Exception {
    assertEquals(0, run("-c x 127.0.0.1 5000 3333"));
    Launch.Client client = (Launch.Client) launched;
    assertEquals(List.of(loopback(5000)), client.options().servers());
    assertEquals(false, client.serversGiven());
  }

  private static InetSocketAddress loopback(int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertEquals(0, run("--help"));
    String usage = out.toString(StandardCharsets.UTF_8);
    assertTrue(usage.startsWith("Usage: java -jar udpchat.jar -s <server-port>"), usage);
    assertTrue(usage.contains("-c <name> <server-ip> <server-port> <client-port>"), usage);
    assertNull(launched);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | udpchat: missing -s <server-port> or -c <name> <server-ip> <server-port> <client-port>",
        "-s | udpchat: Missing required parameter for option '-s' (<server-port>)",
        "-s 80 | udpchat: invalid server port '80': use a whole number from 1024 to 65535",
        "-s 65536 | udpchat: invalid server port '65536': use a whole number from 1024 to 65535",
        "-s five | udpchat: invalid server port 'five': use a whole number from 1024 to 65535",
        "-s 5000 -c x 127.0.0.1 5000 3333 | udpchat: use either -s (server) or -c (client), not both",
        "-c | udpchat: -c takes 4 values, <name> <server-ip> <server-port> <client-port>, but got 0",
        "-c x 127.0.0.1 5000 | udpchat: -c takes 4 values, <name> <server-ip> <server-port> <client-port>, but got 3: x 127.0.0.1 5000",
        "-c x 127.0.0.1 5000 3333 4444 | udpchat: -c takes 4 values, <name> <server-ip> <server-port> <client-port>, but got 5: x 127.0.0.1 5000 3333 4444",
        "-c x!y 127.0.0.1 5000 3333 | udpchat: invalid name 'x!y': use 1-32 characters of A-Z a-z 0-9 _ - .",
        "-c abcdefghijklmnopqrstuvwxyz0123456 127.0.0.1 5000 3333 | udpchat: invalid name 'abcdefghijklmnopqrstuvwxyz0123456': use 1-32 characters of A-Z a-z 0-9 _ - .",
        "-c x no-such-host.invalid 5000 3333 | udpchat: invalid server IP 'no-such-host.invalid': not an IP address or a host name that resolves",
        "-c x 127.0.0.1 1023 3333 | udpchat: invalid server port '1023': use a whole number from 1024 to 65535",
        "-c x 127.0.0.1 5000 70000 | udpchat: invalid client port '70000': use a whole number from 1024 to 65535",
        "-s 5000 extra | udpchat: Unmatched argument at index 2: 'extra'",
        "--verbose | udpchat: Unknown option: '--verbose'",
        "-s 5000 --cluster-port 99 | udpchat: invalid cluster port '99': use a whole number from 1024 to 65535",
        "-c x 127.0.0.1 5000 3333 --seed-nodes 127.0.0.1:2551 | udpchat: --cluster-port and --seed-nodes are for a server (-s)",
        "-c x 127.0.0.1 5000 3333 --servers 127.0.0.1 | udpchat: invalid server address '127.0.0.1': use <server-ip>:<server-port>, e.g. 127.0.0.1:5001",
        "-c x 127.0.0.1 5000 3333 --servers 127.0.0.1:5001,::1:5002 | udpchat: invalid server address '::1:5002': use <server-ip>:<server-port>, e.g. 127.0.0.1:5001",
        "-c x 127.0.0.1 5000 3333 --servers 127.0.0.1:80 | udpchat: invalid server port in '127.0.0.1:80': use a whole number from 1024 to 65535",
        "-c x 127.0.0.1 5000 3333 --servers 127.0.0.1:five | udpchat: invalid server port in '127.0.0.1:five': use a whole number from 1024 to 65535",
        "-c x 127.0.0.1 5000 3333 --servers no-such-host.invalid:5001 | udpchat: invalid server IP in 'no-such-host.invalid:5001': not an IP address or a host name that resolves",
        "-c x 127.0.0.1 5000 3333 --servers | udpchat: Missing required parameter for option '--servers' (<ip:port>)",
        "-s 5000 --servers 127.0.0.1:5001 | udpchat: --servers is for a client (-c), not for the server",
      })
  void aWrongArgumentPrintsOneLineAndTheUsageAndExitsTwo(String commandLine, String expected) {
    assertEquals(2, run(commandLine));
    assertNull(launched);
    List<String> lines = errLines();
    assertEquals(expected, lines.get(0));
    assertTrue(lines.get(1).startsWith("Usage: java -jar udpchat.jar -s <server-port>"), lines.toString());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }
}
