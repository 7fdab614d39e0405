package io.noderpc.client.internal;

import io.noderpc.core.RpcException;
import java.time.Duration;

/**
 * When a link may try to connect again after failures: {@code min} after the first failure, doubling with each
 * further one up to {@code max}, reset by a success. Remembers the last failure, which requests during the delay
 * fail with. Confined to the worker's event loop, except {@link #retryAtNanos()}, readable anywhere.
 */
final class ReconnectBackoff {

    private final long minNanos;
    private final long maxNanos;
    private long delayNanos;
    private volatile long retryAtNanos;
    private RpcException lastError;

    ReconnectBackoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Records a failed attempt at {@code nowNanos}; returns the delay before the next one. */
    long failed(RpcException cause, long nowNanos) {
        lastError = cause;
        delayNanos = delayNanos == 0 ? minNanos : Math.min(delayNanos * 2, maxNanos);
        retryAtNanos = nowNanos + delayNanos;
        return delayNanos;
    }

    /** A link was made: the next failure starts from {@code min} again. */
    void succeeded() {
        delayNanos = 0;
        lastError = null;
    }

    /** Whether the failure being recorded is the first of a series (for logging). */
    boolean inSeries() {
        return lastError != null;
    }

    long retryAtNanos() {
        return retryAtNanos;
    }

    /** A failure for a request refused {@code remainingNanos} before the next attempt may start. */
    RpcException refusal(long remainingNanos) {
        return Errors.duringBackoff(lastError, (remainingNanos + 999_999) / 1_000_000);
    }
}
