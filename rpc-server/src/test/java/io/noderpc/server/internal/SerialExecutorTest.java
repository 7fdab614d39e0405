package io.noderpc.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void runsInOrderOneAtATimeOnManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            SerialExecutor lane = new SerialExecutor(pool);
            List<Integer> seen = new ArrayList<>(); // unsynchronized on purpose: one task at a time
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            int n = 20_000;
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int value = i;
                lane.execute(() -> {
                    if (running.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.add(value);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get());
            assertEquals(n, seen.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, seen.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A task that records whether it ran or was rejected. */
    static final class Probe implements Runnable, Rejectable {
        boolean ran;
        boolean rejected;

        @Override
        public void run() {
            ran = true;
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            rejected = true;
        }
    }

    @Test
    void aRefusingExecutorRejectsEveryQueuedTask() {
        ManualExecutor workers = new ManualExecutor();
        SerialExecutor lane = new SerialExecutor(workers);
        Probe first = new Probe();
        Probe second = new Probe();
        lane.execute(first);
        lane.execute(second);
        assertEquals(1, workers.size(), "one step at a time");
        workers.reject = true;
        workers.runOne(); // runs first, then fails to schedule the next step
        assertTrue(first.ran);
        assertTrue(second.rejected);
        assertFalse(second.ran);
        assertEquals(0, lane.queued());
    }
}
