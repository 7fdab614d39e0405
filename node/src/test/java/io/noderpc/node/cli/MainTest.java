package io.noderpc.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's parsing, usage errors and help, without any network. */
class MainTest {

    private static void assertUsageError(CliRun run, String expectedErr) {
        assertEquals(Main.EXIT_USAGE, run.exit(), run.toString());
        assertEquals("", run.out(), run.toString());
        assertEquals(expectedErr + "\n", run.err(), run.toString());
    }

    @Test
    void everyCommandHasHelpOnStdout() {
        for (String command : List.of("node", "call", "cast", "multicall", "names")) {
            CliRun run = CliRun.of(command, "--help");
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.out().startsWith(run.out().lines().findFirst().orElseThrow() + "\nUsage: noderpc "
                    + command + " "), run.out());
            assertTrue(run.out().contains("Exit status:"), run.out());
            assertEquals("", run.err());
        }
        CliRun top = CliRun.of("--help");
        assertEquals(0, top.exit());
        for (String command : List.of("node", "call", "cast", "multicall", "names", "help")) {
            assertTrue(top.out().contains("\n  " + command + " "), top.out());
        }
        CliRun help = CliRun.of("help", "call");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Usage: noderpc call"), help.out());
    }

    @Test
    void theArgumentTypingIsInTheHelpOfTheCallingCommands() {
        for (String command : List.of("call", "cast", "multicall")) {
            String help = CliRun.of(command, "-h").out();
            assertTrue(help.contains("s:TEXT         the String TEXT"), help);
            assertTrue(help.contains("42, -7         a Long"), help);
            assertTrue(help.contains("2.5, 1e3       a Double"), help);
        }
    }

    @Test
    void withoutACommandTheUsageGoesToStderr() {
        CliRun run = CliRun.of();
        assertEquals(Main.EXIT_USAGE, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Usage: noderpc [-h] COMMAND"), run.err());
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        assertUsageError(CliRun.of("frob"), "noderpc: unknown command 'frob' (see 'noderpc --help')");
        assertUsageError(CliRun.of("--frob"), "noderpc: unknown option '--frob' (see 'noderpc --help')");
        assertUsageError(CliRun.of("call", "a@127.0.0.1", "demo"),
                "noderpc: Missing required parameter: 'FUNCTION' (see 'noderpc call --help')");
        assertUsageError(CliRun.of("call", "--bogus", "a@127.0.0.1", "demo", "echo"),
                "noderpc: unknown option '--bogus' (see 'noderpc call --help')");
        assertUsageError(CliRun.of("call", "--timout", "5", "a@127.0.0.1", "demo", "echo"),
                "noderpc: unknown option '--timout' (see 'noderpc call --help')");
        assertUsageError(CliRun.of("node", "--nme", "a@h"), "noderpc: unknown option '--nme' (see 'noderpc node"
                + " --help')");
        assertUsageError(CliRun.of("call", "nohost", "demo", "echo"),
                "noderpc: Invalid value for positional parameter at index 0 (NODE): invalid node name 'nohost': it"
                        + " has no '@host' part (use e.g. 'a@127.0.0.1' or 'a@myhost') (see 'noderpc call --help')");
        assertUsageError(CliRun.of("call", "--timeout", "0", "a@127.0.0.1", "demo", "echo"),
                "noderpc: Invalid value for option '--timeout': '0' is not in 1..4233600000 milliseconds"
                        + " (see 'noderpc call --help')");
        assertUsageError(CliRun.of("call", "--epmd-port", "70000", "a@127.0.0.1", "demo", "echo"),
                "noderpc: Invalid value for option '--epmd-port': '70000' is not a port in 1..65535"
                        + " (see 'noderpc call --help')");
        assertUsageError(CliRun.of("node"), "noderpc: Missing required option: '--name=NAME'"
                + " (see 'noderpc node --help')");
        assertUsageError(CliRun.of("node", "--name", "a@h", "--data-port", "9000-8000"),
                "noderpc: Invalid value for option '--data-port': '9000-8000': port range 9000..8000: min is greater"
                        + " than max (see 'noderpc node --help')");
        assertUsageError(CliRun.of("node", "--name", "a@h", "--ticktime", "0"),
                "noderpc: Invalid value for option '--ticktime': '0' is not a whole number of seconds, at least 1"
                        + " (see 'noderpc node --help')");
        assertUsageError(CliRun.of("multicall", "demo", "echo"),
                "noderpc: Missing required option: '--nodes=NODE,...' (see 'noderpc multicall --help')");
        assertUsageError(CliRun.of("names", "extra"),
                "noderpc: unexpected argument 'extra' (see 'noderpc names --help')");
    }

    @Test
    void badArgumentsAreUsageErrorsFoundBeforeAnyConnection() {
        // No EPMD listens on port 1: the command would fail with exit 1 if it got as far as connecting.
        assertUsageError(CliRun.of("call", "--epmd-port", "1", "--cookie", "c", "a@127.0.0.1", "demo", "echo",
                "99999999999999999999"), "noderpc: argument 1: 99999999999999999999 does not fit in a 64-bit integer"
                + " (write 99999999999999999999.0 for a double, or s:99999999999999999999 for a string)"
                + " (see 'noderpc call --help')");
        assertUsageError(CliRun.of("multicall", "--epmd-port", "1", "--cookie", "c", "--nodes", "a@h,,b@h", "demo",
                "echo"), "noderpc: --nodes 'a@h,,b@h' has an empty node name (see 'noderpc multicall --help')");
        assertUsageError(CliRun.of("multicall", "--epmd-port", "1", "--cookie", "c", "--nodes", "a@h,b", "demo",
                "echo"), "noderpc: invalid node name 'b': it has no '@host' part (use e.g. 'a@127.0.0.1' or"
                + " 'a@myhost') (see 'noderpc multicall --help')");
    }

    @Test
    void whatFollowsTheFirstPositionalIsTakenAsItIs() {
        CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult parsed = cli.parseArgs("call", "--timeout", "500", "a@127.0.0.1", "demo", "add",
                "-7", "--timeout", "-h");
        CallCommand call = (CallCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals("a@127.0.0.1", call.node.toString());
        assertEquals(500L, call.client.timeoutMillis);
        assertEquals("demo", call.service);
        assertEquals("add", call.function);
        assertEquals(List.of("-7", "--timeout", "-h"), call.args);
    }

    @Test
    void multicallTakesItsNodesCommaSeparated() {
        CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult parsed = cli.parseArgs("multicall", "--nodes", "a@h,b@h", "demo", "add", "-1", "2");
        MulticallCommand multicall = (MulticallCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals("[a@h, b@h]", OptionTypes.nodeList(multicall.nodes).toString());
        assertEquals(List.of("-1", "2"), multicall.args);
    }
}
