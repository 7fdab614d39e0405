package io.noderpc.server.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkersTest {

    @Test
    void workersAreVirtualThreadsExactlyFromJava21On() throws Exception {
        boolean java21 = Runtime.version().feature() >= 21;
        assertEquals(java21, Workers.virtualThreads());
        ExecutorService executor = Workers.newExecutor("test-worker", 2);
        AtomicReference<Thread> ran = new AtomicReference<>();
        executor.submit(() -> ran.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(ran.get().getName().startsWith("test-worker-"), ran.get().getName());
        assertEquals(java21, ran.get().toString().startsWith("VirtualThread"), ran.get().toString());
    }

    @Test
    void aPoolNeedsAThread() {
        assertThrows(IllegalArgumentException.class, () -> Workers.newExecutor("w", 0));
    }
}
