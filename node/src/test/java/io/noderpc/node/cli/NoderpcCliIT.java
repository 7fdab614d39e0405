package io.noderpc.node.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.testkit.ErlangTools;
import io.noderpc.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code bin/noderpc} as users run it: two nodes in JVMs of their own ({@code bin/noderpc node}), and the one-shot
 * commands, each a JVM of its own, against them. The EPMD runs in this JVM, on a free port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoderpcCliIT {

    private static final Path BIN = Path.of(System.getProperty("user.dir")).resolve("../bin/noderpc").normalize();
    private static final String COOKIE = "e2e-cookie";
    private static final String A = "a@127.0.0.1";
    private static final String B = "b@127.0.0.1";

    private EpmdServer epmd;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private NodeProcess a;
    private NodeProcess b;

    /** One {@code bin/noderpc node} process, its output in files. */
    private record NodeProcess(Process process, Path out, Path err) {

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Matcher awaitUp() {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> stdout().contains(" up: ") || !process.isAlive());
            Matcher up = NodeCommandRun.UP.matcher(stdout().lines().findFirst().orElse(""));
            if (!up.matches()) {
                throw new AssertionError("no up line; stdout:\n" + stdout() + "stderr:\n" + stderr());
            }
            return up;
        }

        /** SIGTERM, then SIGKILL if it is still there after a while; the exit status. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        }
    }

    @BeforeAll
    void startNodes() throws IOException {
        assertTrue(Files.isExecutable(BIN), BIN + " is not executable");
        epmd = EpmdServer.builder().port(FreePorts.next()).address("127.0.0.1").build().start();
        a = startNode(A);
        b = startNode(B);
        a.awaitUp();
        b.awaitUp();
    }

    private NodeProcess startNode(String name) throws IOException {
        Path out = Files.createTempFile("noderpc-node-", ".out");
        Path err = Files.createTempFile("noderpc-node-", ".err");
        ProcessBuilder builder = new ProcessBuilder(BIN.toString(), "node", "--name", name, "--epmd-port",
                Integer.toString(epmd.port()), "--bind", "127.0.0.1")
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("NODERPC_COOKIE", COOKIE);
        NodeProcess node = new NodeProcess(builder.start(), out, err);
        nodes.add(node);
        return node;
    }

    @AfterAll
    void stopNodes() throws Exception {
        try {
            for (NodeProcess node : nodes) {
                if (node.process().isAlive()) {
                    node.stop();
                }
                Files.deleteIfExists(node.out());
                Files.deleteIfExists(node.err());
            }
        } finally {
            if (epmd != null) {
                epmd.close();
            }
        }
    }

    /** A one-shot {@code bin/noderpc} command, with the cookie and the EPMD port in its environment. */
    private ErlangTools.Result noderpc(String... args) {
        List<String> command = new ArrayList<>(List.of(BIN.toString()));
        command.addAll(List.of(args));
        return ErlangTools.run(command, Map.of("NODERPC_COOKIE", COOKIE, "ERL_EPMD_PORT",
                Integer.toString(epmd.port())), 120);
    }

    private void assertOutput(String expectedOut, String... args) {
        assertEquals(new ErlangTools.Result(0, expectedOut + "\n", ""), noderpc(args), String.join(" ", args));
    }

    private void assertOneLineFailure(int expectedExit, String expectedErrStart, String... args) {
        ErlangTools.Result r = noderpc(args);
        assertEquals(expectedExit, r.exitCode(), r.toString());
        assertEquals("", r.stdout(), r.toString());
        assertEquals(1, r.stderr().lines().count(), r.toString());
        assertTrue(r.stderr().startsWith(expectedErrStart), r.toString());
    }

    @Test
    void callPrintsResultsAndFailsWithOneLine() {
        assertOutput("hello", "call", A, "demo", "echo", "hello");
        assertOutput("3.5", "call", B, "demo", "add", "1", "2.5");
        assertOutput("-5", "call", A, "demo", "add", "-7", "2");
        assertOutput("<1048576 bytes>", "call", B, "demo", "bytes", "1048576");
        assertOneLineFailure(1, "noderpc: remote error: java.lang.RuntimeException: boom",
                "call", A, "demo", "fail", "boom");
        assertOneLineFailure(1, "noderpc: service demo on node b@127.0.0.1 exports no function nope",
                "call", B, "demo", "nope");
        assertOneLineFailure(1, "noderpc: ghost@127.0.0.1 is not registered in EPMD at 127.0.0.1:" + epmd.port(),
                "call", "ghost@127.0.0.1", "demo", "echo", "1");
        assertOneLineFailure(2, "noderpc: Invalid value for positional parameter at index 0 (NODE): invalid node"
                + " name 'nohost'", "call", "nohost", "demo", "echo", "1");
    }

    @Test
    void multicallOverBothNodes() {
        assertOutput(A + ": " + A + "\n" + B + ": " + B, "multicall", "--nodes", A + "," + B, "demo", "node");
    }

    @Test
    void namesListsBothNodesWithTheirPorts() {
        Matcher upA = a.awaitUp();
        Matcher upB = b.awaitUp();
        ErlangTools.Result r = noderpc("names", "--epmd-address", "127.0.0.1");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of(
                        String.format("a  dist %-5s  data %-5s  noderpc/1", upA.group(2), upA.group(3)),
                        String.format("b  dist %-5s  data %-5s  noderpc/1", upB.group(2), upB.group(3))),
                r.stdout().lines().sorted().toList(), r.toString());
    }

    @Test
    void aCastRunsOnTheNodeAfterOkIsPrinted() {
        String marker = "cast-marker-" + System.nanoTime();
        assertOutput("ok", "cast", A, "demo", "fail", marker);
        // The demo's fail throws; a failed cast is logged (WARN) by the node that ran it.
        await().atMost(Duration.ofSeconds(30)).until(() -> a.stderr().contains(marker));
    }

    @Test
    void stoppedNodesSaySoAndLeaveEpmd() throws Exception {
        NodeProcess c = startNode("c@127.0.0.1");
        c.awaitUp();
        assertOutput("c@127.0.0.1", "call", "c@127.0.0.1", "demo", "node");
        int exit = c.stop();
        assertEquals(143, exit, "SIGTERM: the JVM's status after its shutdown hooks ran");
        assertEquals("node c@127.0.0.1 stopped", c.stdout().lines().skip(1).findFirst().orElse(""), c.stdout());
        try (EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1").port(epmd.port())
                .build())) {
            assertTrue(client.lookup("c").isEmpty());
        }
    }
}
