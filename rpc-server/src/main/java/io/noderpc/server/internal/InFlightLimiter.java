package io.noderpc.server.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server-wide bound on requests in flight (admitted and not finished, across all links). A link that finds
 * the bound reached stops reading and registers a waiter, woken when a request finishes. Thread-safe.
 */
public final class InFlightLimiter {

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private final Object idleLock = new Object();
    private volatile boolean awaitingIdle;

    /** @param max the most requests in flight at once, at least 1 */
    public InFlightLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.max = max;
    }

    /** Takes a permit if fewer than {@code max} are taken; never exceeds the bound. */
    public boolean tryAcquire() {
        for (;;) {
            int current = inFlight.get();
            if (current >= max) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Returns a permit and wakes the links waiting for one. */
    public void release() {
        int now = inFlight.decrementAndGet();
        if (!waiters.isEmpty()) {
            wakeWaiters();
        }
        if (now == 0 && awaitingIdle) {
            synchronized (idleLock) {
                idleLock.notifyAll();
            }
        }
    }

    /**
     * Runs {@code wake} once, soon after a permit is available (at once if one is). {@code wake} must be quick and
     * must not block: it typically schedules a retry on the link's event loop.
     */
    public void waitForPermit(Runnable wake) {
        waiters.add(wake);
        if (inFlight.get() < max) {
            wakeWaiters(); // a release may have run before we were queued
        }
    }

    private void wakeWaiters() {
        for (Runnable wake; (wake = waiters.poll()) != null; ) {
            wake.run();
        }
    }

    /** Waits until no request is in flight, at most {@code timeout}; true if none is. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (idleLock) {
            awaitingIdle = true;
            try {
                while (inFlight.get() > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(idleLock, left);
                }
                return true;
            } finally {
                awaitingIdle = false;
            }
        }
    }

    /** Requests in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The bound. */
    public int max() {
        return max;
    }
}
