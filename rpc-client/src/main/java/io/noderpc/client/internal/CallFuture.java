package io.noderpc.client.internal;

import io.noderpc.client.RpcFuture;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link RpcFuture} of one request. The request's own deadline timer completes it, so waiting without a timeout
 * ends at the deadline; the extra margin below only guards against a stalled event loop.
 */
final class CallFuture<T> implements RpcFuture<T> {

    /** Waiting past the deadline by this much means the event loop never ran the timer: give up anyway. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final NodeKey node;
    private final String what;
    private final CompletableFuture<Object> result;
    private final long deadlineNanos;
    private final Executor callbackExecutor;
    private final Runnable canceller;
    private volatile CompletableFuture<T> view;

    /**
     * @param deadlineNanos the deadline in {@link System#nanoTime()} time
     * @param canceller cleans the request up after a cancel (runs once, on any thread)
     */
    CallFuture(NodeKey node, String what, CompletableFuture<Object> result, long deadlineNanos,
               Executor callbackExecutor, Runnable canceller) {
        this.node = node;
        this.what = what;
        this.result = result;
        this.deadlineNanos = deadlineNanos;
        this.callbackExecutor = callbackExecutor;
        this.canceller = canceller;
    }

    /** A future that has already failed (e.g. its arguments could not be encoded). */
    static <T> CallFuture<T> failed(NodeKey node, String what, RpcException cause, Executor executor) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        result.completeExceptionally(cause);
        return new CallFuture<>(node, what, result, System.nanoTime(), executor, () -> { });
    }

    @Override
    public NodeKey node() {
        return node;
    }

    @Override
    public T await() {
        long wait = deadlineNanos + GRACE_NANOS - System.nanoTime();
        return get(Math.max(wait, 0), true);
    }

    @Override
    public T await(Duration timeout) {
        return get(Math.min(timeout.toNanos(), Math.max(deadlineNanos + GRACE_NANOS - System.nanoTime(), 0)), true);
    }

    @Override
    public Optional<T> poll() {
        return result.isDone() ? Optional.ofNullable(get(0, false)) : Optional.empty();
    }

    @Override
    public Optional<T> poll(Duration timeout) {
        return Optional.ofNullable(get(Math.max(timeout.toNanos(), 0), false));
    }

    @Override
    public boolean isDone() {
        return result.isDone();
    }

    @Override
    public boolean cancel() {
        boolean cancelled = result.cancel(false);
        if (cancelled) {
            canceller.run();
        }
        return cancelled;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> v = view;
        if (v == null) {
            synchronized (this) {
                v = view;
                if (v == null) {
                    v = result.thenApplyAsync(value -> (T) value, callbackExecutor);
                    v.whenComplete((value, error) -> {
                        if (error instanceof CancellationException) {
                            cancel();
                        }
                    });
                    view = v;
                }
            }
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private T get(long nanos, boolean timeoutThrows) {
        try {
            return (T) (nanos == 0 ? result.getNow(null) : result.get(nanos, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            if (!timeoutThrows) {
                return null;
            }
            throw new RpcTimeoutException("no outcome of " + what + " on " + node + " within "
                    + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms of waiting; the call goes on");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted while waiting for " + what + " on " + node, e);
        } catch (ExecutionException | CompletionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new RpcException("call failed: " + cause, cause);
    }

    @Override
    public String toString() {
        return "RpcFuture(" + what + " on " + node + (result.isDone() ? ", done)" : ")");
    }
}
