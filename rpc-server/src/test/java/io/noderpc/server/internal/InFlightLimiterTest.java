package io.noderpc.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

    @Test
    void neverGrantsMoreThanTheBoundAndWakesWaitersOnRelease() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
        AtomicInteger woken = new AtomicInteger();
        limiter.waitForPermit(woken::incrementAndGet);
        assertEquals(0, woken.get());
        limiter.release();
        assertEquals(1, woken.get());
        limiter.release();
        assertEquals(1, woken.get(), "a waiter is woken once");
        limiter.waitForPermit(woken::incrementAndGet);
        assertEquals(2, woken.get(), "a permit is free: woken at once");
        assertThrows(IllegalArgumentException.class, () -> new InFlightLimiter(0));
    }

    @Test
    void awaitIdleReturnsWhenTheLastRequestFinishesOrTimesOut() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(10);
        assertTrue(limiter.awaitIdle(0, TimeUnit.MILLISECONDS));
        limiter.tryAcquire();
        assertFalse(limiter.awaitIdle(20, TimeUnit.MILLISECONDS));
        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            try {
                return limiter.awaitIdle(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        limiter.release();
        assertTrue(idle.get(10, TimeUnit.SECONDS));
    }
}
