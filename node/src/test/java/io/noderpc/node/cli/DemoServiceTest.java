package io.noderpc.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.noderpc.core.NodeName;
import io.noderpc.server.RpcFunction;
import io.noderpc.server.Service;
import org.junit.jupiter.api.Test;

class DemoServiceTest {

    private final Service demo = DemoService.service(NodeName.of("a@127.0.0.1"));

    private Object call(String function, Object... args) throws Exception {
        RpcFunction f = demo.function(function, args.length).orElseThrow(() -> new AssertionError(function + "/"
                + args.length + " not exported"));
        return f.apply(args);
    }

    @Test
    void exportsExactlyTheDocumentedFunctions() {
        assertEquals("demo [echo/1, add/2, sleep/1, bytes/1, fail/1, node/0]", demo.toString());
    }

    @Test
    void echoAndNode() throws Exception {
        assertEquals("x", call("echo", "x"));
        assertNull(call("echo", (Object) null));
        assertEquals("a@127.0.0.1", call("node"));
    }

    @Test
    void addIsALongForIntegersAndADoubleWithADouble() throws Exception {
        assertEquals(3L, call("add", 1L, 2L));
        assertEquals(3L, call("add", 1, 2L));
        assertEquals(3.5, call("add", 1L, 2.5));
        assertEquals(3.5, call("add", 2.5f, 1));
        assertEquals(0.5, call("add", 0.25, 0.25));
        assertThrows(ArithmeticException.class, () -> call("add", Long.MAX_VALUE, 1L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call("add", 1L, "x"));
        assertEquals("add(a, b) takes two numbers, not Long 1 and String \"x\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> call("add", 1L, java.math.BigInteger.ONE));
    }

    @Test
    void bytesIsBounded() throws Exception {
        assertArrayEquals(new byte[5], (byte[]) call("bytes", 5L));
        assertEquals(0, ((byte[]) call("bytes", 0)).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call("bytes", DemoService.MAX_BYTES + 1L));
        assertEquals("bytes(n) returns at most 268435456 bytes (256 MiB), not 268435457", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> call("bytes", -1L));
        assertThrows(IllegalArgumentException.class, () -> call("bytes", 1.5));
    }

    @Test
    void sleepReturnsItsArgumentAndStopsOnInterrupt() throws Exception {
        assertEquals(1L, call("sleep", 1L));
        assertThrows(IllegalArgumentException.class, () -> call("sleep", -1L));
        assertThrows(IllegalArgumentException.class, () -> call("sleep", DemoService.MAX_SLEEP_MILLIS + 1));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> call("sleep", 60_000L));
        assertFalse(Thread.interrupted(), "the interrupt was consumed");
    }

    @Test
    void failThrowsWithTheMessage() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> call("fail", "boom"));
        assertEquals(RuntimeException.class, e.getClass());
        assertEquals("boom", e.getMessage());
    }
}
