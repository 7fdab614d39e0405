package io.noderpc.node.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.core.NodeName;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdRegistration;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.node.Node;
import io.noderpc.server.Service;
import io.noderpc.testkit.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The commands run in this process against real nodes over loopback: node {@code a} started by the {@code node}
 * command, node {@code b} with the {@link Node} API, both registered in an EPMD on a free port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliCommandsIT {

    private static final String COOKIE = "cli-it-cookie";
    private static final String A = "a@127.0.0.1";
    private static final String B = "b@127.0.0.1";

    private EpmdServer epmd;
    private NodeCommandRun a;
    private Node b;
    private final Queue<Object> probed = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void start() {
        epmd = EpmdServer.builder().port(FreePorts.next()).address("127.0.0.1").build().start();
        a = NodeCommandRun.start("--name", A, "--cookie", COOKIE, "--epmd-port", port(), "--bind", "127.0.0.1");
        a.awaitUp();
        b = Node.builder().name(B).cookie(COOKIE).epmdPort(epmd.port()).bindInterface("127.0.0.1").build();
        DemoService.install(b, message -> { });
        b.services().register(Service.builder("probe").function("record", 1, args -> probed.add(args[0])).build());
        b.start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            epmd.close();
        }
    }

    private String port() {
        return Integer.toString(epmd.port());
    }

    /** {@code noderpc COMMAND --cookie C --epmd-port P REST...}. */
    private CliRun client(String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command, "--cookie", COOKIE, "--epmd-port", port()));
        args.addAll(List.of(rest));
        return CliRun.of(args);
    }

    private static void assertOutput(CliRun run, String expectedOut) {
        assertEquals(0, run.exit(), run.toString());
        assertEquals(expectedOut + "\n", run.out(), run.toString());
        assertEquals("", run.err(), run.toString());
    }

    private static void assertFailure(CliRun run, String expectedErrStart) {
        assertEquals(Main.EXIT_FAILED, run.exit(), run.toString());
        assertEquals("", run.out(), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertTrue(run.err().startsWith(expectedErrStart), run.toString());
    }

    @Test
    void theNodeCommandRunsTheDemoServiceAndReportsItsPorts() {
        Matcher up = NodeCommandRun.UP.matcher(a.out().lines().findFirst().orElseThrow());
        assertTrue(up.matches(), a.toString());
        assertEquals(A, up.group(1));
        assertEquals("127.0.0.1", up.group(4));
        assertEquals(port(), up.group(5));
        try (EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1").port(epmd.port())
                .build())) {
            assertEquals(Integer.parseInt(up.group(2)), client.lookup("a").orElseThrow().port());
        }
        assertEquals(A, b.rpc().call(A, "demo", "node"));
    }

    @Test
    void callPrintsTheResult() {
        assertOutput(client("call", A, "demo", "echo", "hello"), "hello");
        assertOutput(client("call", A, "demo", "echo", "null"), "null");
        assertOutput(client("call", A, "demo", "add", "40", "2"), "42");
        assertOutput(client("call", A, "demo", "add", "1", "2.5"), "3.5");
        assertOutput(client("call", A, "demo", "add", "-7", "-2"), "-9");
        assertOutput(client("call", A, "demo", "bytes", "1048576"), "<1048576 bytes>");
        assertOutput(client("call", A, "demo", "node"), A);
        assertOutput(client("call", "--key", "k1", B, "demo", "node"), B);
        assertOutput(client("call", "--timeout", "5000", B, "demo", "sleep", "10"), "10");
    }

    @Test
    void argumentsArriveTyped() {
        client("call", B, "probe", "record", "s:42");
        client("call", B, "probe", "record", "42");
        client("call", B, "probe", "record", "4.2");
        client("call", B, "probe", "record", "true");
        assertEquals(List.of("42", 42L, 4.2, true), List.copyOf(probed));
        probed.clear();
    }

    @Test
    void aFailedCallIsOneLineAndExitsOne() {
        assertFailure(client("call", A, "demo", "fail", "boom"), "noderpc: remote error: java.lang.RuntimeException: boom");
        assertFailure(client("call", A, "demo", "add", "1", "x"), "noderpc: remote error:"
                + " java.lang.IllegalArgumentException: add(a, b) takes two numbers, not Long 1 and String \"x\"");
        assertFailure(client("call", A, "demo", "nope"), "noderpc: service demo on node a@127.0.0.1 exports no"
                + " function nope");
        assertFailure(client("call", A, "nosuch", "echo", "1"), "noderpc: node a@127.0.0.1 has no service nosuch");
        assertFailure(client("call", "c@127.0.0.1", "demo", "echo", "1"), "noderpc: c@127.0.0.1 is not registered"
                + " in EPMD at 127.0.0.1:" + port());
        assertFailure(client("call", "--timeout", "200", A, "demo", "sleep", "5000"), "noderpc: no answer from"
                + " a@127.0.0.1 to call demo:sleep within 200 ms");
        CliRun wrongCookie = CliRun.of("call", "--cookie", "wrong", "--epmd-port", port(), A, "demo", "echo", "1");
        assertFailure(wrongCookie, "noderpc: handshake with a@127.0.0.1");
        assertTrue(wrongCookie.err().contains("cookie mismatch"), wrongCookie.toString());
    }

    @Test
    void pingAnswersPongFromANodeAndPangWithTheReasonOtherwise() {
        CliRun pong = client("ping", A);
        assertEquals(0, pong.exit(), pong.toString());
        assertTrue(pong.out().matches("pong \\(a@127\\.0\\.0\\.1: connected and authenticated in [0-9.]+ ms\\)\n"),
                pong.toString());
        assertEquals("", pong.err(), pong.toString());
        assertEquals(0, client("ping", B).exit(), "a node started with the API answers too");

        CliRun unregistered = client("ping", "ghost@127.0.0.1");
        assertEquals(Main.EXIT_FAILED, unregistered.exit(), unregistered.toString());
        assertEquals("pang\n", unregistered.out(), unregistered.toString());
        assertEquals(1, unregistered.err().lines().count(), unregistered.toString());
        assertTrue(unregistered.err().startsWith("noderpc: ghost@127.0.0.1: "), unregistered.toString());
        assertTrue(unregistered.err().contains("not registered"), unregistered.toString());

        CliRun noEpmd = CliRun.of("ping", "--cookie", COOKIE, "--epmd-port", Integer.toString(FreePorts.next()), A);
        assertEquals(Main.EXIT_FAILED, noEpmd.exit(), noEpmd.toString());
        assertEquals("pang\n", noEpmd.out(), noEpmd.toString());
        assertEquals(1, noEpmd.err().lines().count(), noEpmd.toString());
        assertTrue(noEpmd.err().contains("no epmd answers on port"), noEpmd.toString());

        CliRun wrongCookie = CliRun.of("ping", "--cookie", "wrong", "--epmd-port", port(), A);
        assertEquals(Main.EXIT_FAILED, wrongCookie.exit(), wrongCookie.toString());
        assertEquals("pang\n", wrongCookie.out(), wrongCookie.toString());
        assertTrue(wrongCookie.err().contains("cookie"), wrongCookie.toString());
    }

    @Test
    void aCastHasReachedTheNodeWhenOkIsPrinted() {
        // On a new link the cast waits for the connection; without the command's confirmation, closing the client
        // would drop it and nothing would ever be recorded.
        for (int i = 0; i < 3; i++) {
            assertOutput(client("cast", B, "probe", "record", "cast-" + i), "ok");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> probed.size() >= 3);
        assertEquals(List.of("cast-0", "cast-1", "cast-2"), probed.stream().sorted().toList());
        probed.clear();
    }

    @Test
    void aCastToANodeThatIsNotThereFails() {
        assertFailure(client("cast", "c@127.0.0.1", "demo", "echo", "1"), "noderpc: c@127.0.0.1 is not registered"
                + " in EPMD");
    }

    @Test
    void multicallPrintsOneLinePerNodeInOrder() {
        CliRun run = client("multicall", "--nodes", B + "," + A, "demo", "node");
        assertOutput(run, B + ": " + B + "\n" + A + ": " + A);

        CliRun partly = client("multicall", "--nodes", A + ",c@127.0.0.1," + B, "demo", "add", "2", "3");
        assertEquals(Main.EXIT_FAILED, partly.exit(), partly.toString());
        List<String> lines = partly.lines();
        assertEquals(3, lines.size(), partly.toString());
        assertEquals(A + ": 5", lines.get(0));
        assertTrue(lines.get(1).startsWith("c@127.0.0.1: error: c@127.0.0.1 is not registered in EPMD"), lines.get(1));
        assertEquals(B + ": 5", lines.get(2));
        assertEquals("", partly.err());

        CliRun failing = client("multicall", "--nodes", A + "," + B, "demo", "fail", "both");
        assertEquals(List.of(A + ": error: remote error: java.lang.RuntimeException: both",
                B + ": error: remote error: java.lang.RuntimeException: both"), failing.lines());
        assertEquals(Main.EXIT_FAILED, failing.exit());
    }

    @Test
    void namesListsNoderpcNodesAndOthers() {
        try (EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1").port(epmd.port())
                .build());
             EpmdRegistration rabbit = client.register(EpmdEntry.of("rabbit", 25672));
             EpmdRegistration odd = client.register(EpmdEntry.of("odd", 25673)
                     .withExtra("noderpc/1 nodata=1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            CliRun run = CliRun.of("names", "--epmd-port", port(), "--epmd-address", "127.0.0.1");
            assertEquals(0, run.exit(), run.toString());
            assertEquals("", run.err());
            List<String> lines = run.lines().stream().sorted().toList();
            assertEquals(4, lines.size(), run.toString());
            assertEquals(String.format("a       dist %-5d  data %-5d  noderpc/1", client.lookup("a").orElseThrow()
                    .port(), Integer.parseInt(a.awaitUp().group(3))), lines.get(0));
            assertEquals(String.format("b       dist %-5d  data %-5d  noderpc/1", b.distPort(), b.dataPort()),
                    lines.get(1));
            assertEquals("odd     dist 25673  (malformed noderpc EPMD record 'noderpc/1 nodata=1': it has no"
                    + " data=<port> field (expected e.g. 'noderpc/1 data=5370'))", lines.get(2));
            assertEquals("rabbit  dist 25672  (not a noderpc node)", lines.get(3));
        }
    }

    @Test
    void namesFailsWhenNoEpmdAnswers() {
        CliRun run = CliRun.of("names", "--epmd-port", Integer.toString(FreePorts.next()), "--epmd-address",
                "127.0.0.1");
        assertFailure(run, "noderpc: cannot connect to epmd at 127.0.0.1:");
    }

    @Test
    void theDemoMailboxPrintsWhatItReceives() {
        b.rpc().abcast(List.of(A), DemoService.MAILBOX, "hello mailbox");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.out().contains("demo mailbox: hello mailbox\n"));
    }

    @Test
    void aStoppedNodeSaysSoAndLeavesEpmd() throws Exception {
        try (NodeCommandRun c = NodeCommandRun.start("--name", "c@127.0.0.1", "--cookie", COOKIE, "--epmd-port",
                port(), "--bind", "127.0.0.1", "--ticktime", "5");
             EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1")
                     .port(epmd.port()).build())) {
            c.awaitUp();
            assertOutput(client("call", "c@127.0.0.1", "demo", "echo", "up"), "up");
            assertTrue(client.lookup("c").isPresent());
            assertEquals(0, c.stop(), c.toString());
            assertEquals(List.of("node c@127.0.0.1 stopped"), c.out().lines().skip(1).toList());
            assertEquals("", c.err());
            assertFalse(client.lookup("c").isPresent());
        }
    }

    @Test
    void aNodeThatCannotStartExitsOneWithOneLine() throws Exception {
        try (NodeCommandRun twin = NodeCommandRun.start("--name", A, "--cookie", COOKIE, "--epmd-port", port(),
                "--bind", "127.0.0.1")) {
            assertEquals(Main.EXIT_FAILED, twin.awaitExit(), twin.toString());
            assertEquals("", twin.out());
            assertEquals("noderpc: the name a is already registered in epmd at 127.0.0.1:" + port()
                    + " (another node runs as a@127.0.0.1)\n", twin.err());
        }
        int noEpmd = FreePorts.next();
        try (NodeCommandRun lonely = NodeCommandRun.start("--name", "lonely@127.0.0.1", "--cookie", COOKIE,
                "--epmd-port", Integer.toString(noEpmd), "--bind", "127.0.0.1")) {
            assertEquals(Main.EXIT_FAILED, lonely.awaitExit(), lonely.toString());
            assertEquals(1, lonely.err().lines().count(), lonely.toString());
            assertTrue(lonely.err().startsWith("noderpc: node lonely@127.0.0.1: no epmd answers at 127.0.0.1:"
                    + noEpmd), lonely.toString());
            assertTrue(lonely.err().endsWith("or allow an embedded one with --embedded-epmd\n"), lonely.toString());
        }
    }

    @Test
    void anEmbeddedEpmdIsStartedWhenNoneAnswers() throws Exception {
        int ownEpmd = FreePorts.next();
        try (NodeCommandRun solo = NodeCommandRun.start("--name", "solo@127.0.0.1", "--cookie", COOKIE,
                "--epmd-port", Integer.toString(ownEpmd), "--bind", "127.0.0.1", "--embedded-epmd")) {
            Matcher up = solo.awaitUp();
            assertEquals(" (embedded)", up.group(6));
            CliRun names = CliRun.of("names", "--epmd-port", Integer.toString(ownEpmd), "--epmd-address",
                    "127.0.0.1");
            assertEquals(List.of(String.format("solo  dist %-5s  data %-5s  noderpc/1", up.group(2), up.group(3))),
                    names.lines(), names.toString());
            CliRun call = CliRun.of("call", "--cookie", COOKIE, "--epmd-port", Integer.toString(ownEpmd),
                    "solo@127.0.0.1", "demo", "node");
            assertOutput(call, "solo@127.0.0.1");
        }
    }

    @Test
    void theClientIsNamedAfterTheProcessOnTheCalledNodesHost() {
        ClientOptions options = new ClientOptions();
        options.cookie = COOKIE;
        options.epmdPort = epmd.port();
        try (var client = options.newClient(NodeName.of("x@myhost"))) {
            assertEquals("noderpc-cli-" + ProcessHandle.current().pid() + "@myhost", client.self().toString());
        }
    }
}
