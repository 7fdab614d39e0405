package io.noderpc.bench.calls;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosedLoopCompetitorTest {

    /** Echoes in the caller's thread; its one-way sends refuse every other message. */
    private static final class InMemory implements CallCompetitor {
        final AtomicLong delivered = new AtomicLong();
        final boolean oneWay;
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
