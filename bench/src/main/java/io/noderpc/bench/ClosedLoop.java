package io.noderpc.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop load: {@code clients} threads, each running one operation after another, as fast as
 * the server answers, for a fixed time. Each client does at most {@link #MAX_OPS_PER_CLIENT}
 * operations, so a broken server that fails instantly cannot spin forever either.
 *
 * <p>A failing operation (an exception) counts as an error, not as an operation; the client pauses
 * {@link #ERROR_PAUSE} before going on so that a refusing server is not hammered, and gives up after
 * {@link #MAX_CONSECUTIVE_ERRORS} failures in a row.
 */
public final class ClosedLoop {

    public static final long MAX_OPS_PER_CLIENT = 50_000_000L;
    public static final int MAX_CONSECUTIVE_ERRORS = 100;
    public static final Duration ERROR_PAUSE = Duration.ofMillis(1);
    /** How long after its end a load may take to stop before it is reported as stuck. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);
    public static final int MAX_CLIENTS = 1024;

    /** One operation of one client. */
    @FunctionalInterface
    public interface Operation {
        /**
         * @param client which client runs it, 0-based
         * @param seq    a number unique across all clients of this load, from 0
         */
        void run(int client, long seq) throws Exception;
    }

    /**
     * What a load did: completed and failed operations, how long it ran (first start to last stop),
     * and the first failure ({@code null} if none) for the diagnosis.
     */
    public record Result(long ops, long errors, long elapsedNanos, Exception firstError) {
        public double opsPerSecond() {
            return ops / (elapsedNanos / 1e9);
        }
    }

    private ClosedLoop() {
    }

    public static Result run(String name, int clients, Duration duration, Operation op) throws InterruptedException {
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be within 1.." + MAX_CLIENTS + ", not " + clients);
        }
        LongAdder ops = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicLong seq = new AtomicLong();
        AtomicLong lastStop = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        long durationNanos = duration.toNanos();
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long deadline = start[0] + durationNanos;
                long done = 0;
                int consecutiveErrors = 0;
                while (System.nanoTime() - deadline < 0 && done < MAX_OPS_PER_CLIENT
                        && consecutiveErrors < MAX_CONSECUTIVE_ERRORS && !Thread.currentThread().isInterrupted()) {
                    try {
                        op.run(client, seq.getAndIncrement());
                        done++;
                        consecutiveErrors = 0;
                    } catch (Exception e) {
                        errors.increment();
                        firstError.compareAndSet(null, e);
                        consecutiveErrors++;
                        LockSupport.parkNanos(ERROR_PAUSE.toNanos());
                    }
                }
                ops.add(done);
                lastStop.accumulateAndGet(System.nanoTime() - start[0], Math::max);
            }, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        start[0] = System.nanoTime();
        go.countDown();
        long joinBy = System.nanoTime() + durationNanos + STOP_GRACE.toNanos();
        for (Thread t : threads) {
            long left = joinBy - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                threads.forEach(Thread::interrupt);
                throw new IllegalStateException(name + ": a client did not stop within " + STOP_GRACE
                        + " after the end of the load; the server under test may hang");
            }
        }
        return new Result(ops.sum(), errors.sum(), lastStop.get(), firstError.get());
    }
}
