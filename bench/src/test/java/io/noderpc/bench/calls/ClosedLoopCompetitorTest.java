package io.noderpc.bench.calls;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosedLoopCompetitorTest {

    /**
     * Echoes in the caller's thread; its async calls are echoed by another thread (a reply of the wrong
     * size when {@code shortReplies}); its one-way sends refuse every other message.
     */
    private static final class InMemory implements CallCompetitor {
        final AtomicLong delivered = new AtomicLong();
        final boolean oneWay;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        ExecutorService pool;
        Executor replier;
        boolean shortReplies;
        boolean throwAfterReplying;
        boolean closed;

        InMemory(boolean oneWay) {
            this.oneWay = oneWay;
        }

        @Override
        public String name() {
            return "mem";
        }

        @Override
        public String description() {
            return "in memory";
        }

        @Override
        public void start() {
        }

        @Override
        public Caller caller(int index) {
            return payload -> payload.clone();
        }

        @Override
        public AsyncCaller asyncCaller() {
            if (replier == null) {
                return null;
            }
            return (payload, done) -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                if (throwAfterReplying) {
                    inFlight.decrementAndGet();
                    done.accept(payload.clone(), null);
                    throw new IllegalStateException("a transport that throws after calling back");
                }
                replier.execute(() -> {
                    inFlight.decrementAndGet();
                    done.accept(shortReplies ? new byte[1] : payload.clone(), null);
                });
            };
        }

        @Override
        public OneWay oneWay() {
            if (!oneWay) {
                return null;
            }
            return new OneWay() {
                @Override
                public Sender sender(int index) {
                    boolean[] refuse = {false};
                    return payload -> {
                        refuse[0] = !refuse[0];
                        if (refuse[0]) {
                            return false;
                        }
                        delivered.incrementAndGet();
                        return true;
                    };
                }

                @Override
                public long delivered() {
                    return delivered.get();
                }
            };
        }

        @Override
        public void close() {
            closed = true;
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void pipelinedCallsKeepTheirNumberInFlightAndAllReturnBeforeTheLoadEnds() throws Exception {
        InMemory mem = new InMemory(false);
        // replies wait until 8 calls are in flight, so the submitter must keep 8 going to make progress
        CountDownLatch eight = new CountDownLatch(8);
        mem.pool = Executors.newSingleThreadExecutor();
        mem.replier = r -> {
            eight.countDown();
            mem.pool.execute(() -> {
                try {
                    eight.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.run();
            });
        };
        try (ClosedLoopCompetitor c = new ClosedLoopCompetitor(mem, 1, 1)) {
            c.start();
            assertTrue(c.hasPipelined());
            LoadFigures f = c.pipelined(32, 8, Duration.ofMillis(500)); // long enough to send 8 on a slow machine
            assertTrue(f.ops() > 8, "completed " + f.ops());
            assertEquals(0, f.errors());
            assertEquals(8, mem.mostInFlight.get());
            assertEquals(0, mem.inFlight.get(), "every call returned before the figures");
            assertTrue(f.p50Micros() > 0 && f.p50Micros() <= f.p99Micros());
        }
    }

    @Test
    void aPipelinedReplyOfTheWrongSizeIsAnError() throws Exception {
        InMemory mem = new InMemory(false);
        mem.pool = Executors.newSingleThreadExecutor();
        mem.replier = mem.pool;
        mem.shortReplies = true;
        try (ClosedLoopCompetitor c = new ClosedLoopCompetitor(mem, 1, 1)) {
            c.start();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> c.pipelined(32, 4, Duration.ofMillis(20)));
            assertTrue(e.getMessage().startsWith("no call completed"), e.getMessage());
            assertTrue(e.getCause().getMessage().contains("came back with 1 bytes"), e.getCause().getMessage());
        }
    }

    @Test
    void aCallThatBothRepliesAndThrowsCountsOnceAndKeepsItsSlot() throws Exception {
        InMemory mem = new InMemory(false);
        mem.pool = Executors.newSingleThreadExecutor();
        mem.replier = mem.pool;
        mem.throwAfterReplying = true;
        try (ClosedLoopCompetitor c = new ClosedLoopCompetitor(mem, 1, 1)) {
            c.start();
            LoadFigures f = c.pipelined(32, 4, Duration.ofMillis(20));
            assertTrue(f.ops() > 0);
            assertEquals(0, f.errors(), "the reply came first: the throw after it is not a second outcome");
            assertEquals(1, mem.mostInFlight.get(), "each call returned before the next went out");
        }
    }

    @Test
    void withoutAsyncCallsThereIsNoPipelinedLoad() throws Exception {
        try (ClosedLoopCompetitor c = new ClosedLoopCompetitor(new InMemory(false), 1, 1)) {
            c.start();
            assertFalse(c.hasPipelined());
            assertThrows(UnsupportedOperationException.class, () -> c.pipelined(32, 4, Duration.ofMillis(10)));
        }
    }

    @Test
    void callsAreCountedAndTimed() throws Exception {
        InMemory mem = new InMemory(false);
        try (ClosedLoopCompetitor c = new ClosedLoopCompetitor(mem, 4, 1)) {
            c.start();
            assertFalse(c.hasCasts());
            LoadFigures f = c.calls(32, 4, Duration.ofMillis(50));
            assertTrue(f.ops() > 0);
            assertEquals(0, f.errors());
            assertTrue(f.seconds() >= 0.05, "ran " + f.seconds() + " s");
            assertTrue(f.p50Micros() > 0 && f.p50Micros() <= f.p99Micros());
            assertThrows(UnsupportedOperationException.class, () -> c.casts(32, 1, Duration.ofMillis(10)));
        }
        assertTrue(mem.closed);
    }

    @Test
    void refusedCastsAreRetriedAndEveryMessageIsHandled() throws Exception {
        InMemory mem = new InMemory(true);
        try (ClosedLoopCompetitor c = new ClosedLoopCompetitor(mem, 1, 1)) {
            c.start();
            assertTrue(c.hasCasts());
            LoadFigures first = c.casts(32, 1, Duration.ofMillis(30));
            LoadFigures second = c.casts(32, 1, Duration.ofMillis(30));
            assertTrue(first.ops() > 0 && second.ops() > 0);
            assertEquals(mem.delivered.get(), first.ops() + second.ops(), "each load counts only its own");
            assertEquals(0, first.errors());
            assertTrue(Double.isNaN(first.p50Micros()));
        }
    }
}
