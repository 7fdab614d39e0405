package io.noderpc.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.testkit.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * {@code noderpc demo}, run as a user runs it, on a free EPMD port: it starts its own EPMD there, goes through every
 * section, and reports real results (each call's answer or error, the node-down event, the bulk figures).
 */
class DemoCommandIT {

    @Test
    void theDemoRunsEverySectionWithRealResults() {
        int port = FreePorts.next();
        CliRun run = CliRun.of("demo", "--epmd-port", Integer.toString(port), "--seconds", "2");
        String out = run.out();
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err(), run.toString());
        for (String section : new String[] {"== 1. EPMD and two nodes", "== 2. Every kind of call",
            "== 3. A node going down", "== 4. Small calls and heartbeats"}) {
            assertTrue(out.contains(section), "missing " + section + ":\n" + out);
        }
        assertTrue(out.contains("EPMD at 127.0.0.1:" + port + ": none answered, started an embedded one"), out);
        assertTrue(out.contains("demo:echo(\"hello\")") && out.contains("-> hello"), out);
        assertTrue(out.contains("-> 42"), "demo:add(2, 40) and the typed stub: " + out);
        assertTrue(out.contains("!! no answer from"), "the 200 ms timeout: " + out);
        assertTrue(out.contains("!! remote error: java.lang.RuntimeException: boom"), out);
        assertTrue(out.contains("-> on the tick link"), "distribution-channel RPC: " + out);
        assertTrue(out.matches("(?s).*mailbox inbox received: \\[.*hi.*hi.*\\].*"), out);
        assertTrue(out.matches("(?s).*monitor on alpha-[0-9]+@127\\.0\\.0\\.1: .*up.*"), out);
        assertTrue(out.matches("(?s).*monitor on alpha-[0-9]+@127\\.0\\.0\\.1: .*down.*"), out);
        assertTrue(out.matches("(?s).*the call failed after [0-9]+ ms, not at its timeout: .*"), out);
        assertTrue(out.matches("(?s).*bulk throughput +[1-9][0-9]* MiB/s +[1-9][0-9]* MiB/s.*"), out);
        assertTrue(out.contains("node down events during the run: 0"), out);
        assertTrue(out.matches("(?s).*\ndone in [0-9.]+ s\n"), out);
    }
}
