package io.noderpc.client;

import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of an asynchronous call ({@link Rpc#asyncCall}): gen_rpc's promise key, read with {@link #await()}
 * ({@code yield}) or {@link #poll()} ({@code nb_yield}).
 *
 * <p>Every call has a deadline (the call timeout in force when it was made). When it passes without an answer the
 * future fails with {@link io.noderpc.core.RpcTimeoutException} and the client forgets the call (its entry is
 * removed and a CANCEL is sent), whether anyone awaits it or not: an abandoned future never leaks.
 *
 * <p>Unlike gen_rpc's key, the outcome is not consumed by reading it: every method may be called any number of
 * times, from any thread, and gives the same outcome. Failures are the unchecked {@link RpcException} hierarchy,
 * thrown as they are (not wrapped), except after {@link #cancel()}, which makes readers throw
 * {@link java.util.concurrent.CancellationException}.
 *
 * @param <T> the type of the result
 */
public interface RpcFuture<T> {

    /** The link the call went to. */
    NodeKey node();

    /**
     * Waits for the outcome, at most until the call's deadline ({@code yield}).
     *
     * @return the remote function's result, possibly {@code null}
     * @throws RpcException the call's failure; {@link io.noderpc.core.RpcTimeoutException} at the deadline;
     *                      a plain {@code RpcException} if the waiting thread is interrupted (its interrupt flag is
     *                      set again; the call goes on)
     */
    T await();

    /**
     * Waits for the outcome at most {@code timeout} (and never past the call's deadline).
     *
     * @throws io.noderpc.core.RpcTimeoutException if there is no outcome within {@code timeout}; the call goes on
     *                                             and may be awaited again
     * @throws RpcException as {@link #await()}
     */
    T await(Duration timeout);

    /**
     * The outcome if there is one, without waiting ({@code nb_yield/1}).
     *
     * @return the result, or empty if the call is still outstanding. A {@code null} result also reads as empty:
     *         use {@link #isDone()} to tell them apart
     * @throws RpcException if the call failed
     */
    Optional<T> poll();

    /**
     * Waits for the outcome at most {@code timeout} ({@code nb_yield/2}); like {@link #poll()} but waits.
     *
     * @throws RpcException if the call failed
     */
    Optional<T> poll(Duration timeout);

    /** Whether the call has an outcome (result, failure or cancellation). */
    boolean isDone();

    /**
     * Gives up on the call: it fails with {@link java.util.concurrent.CancellationException}, its entry is removed
     * and a CANCEL is sent, so the remote node may skip it if it has not started (interrupting a started call is
     * best effort there).
     *
     * @return {@code true} if this cancelled the call, {@code false} if it already had an outcome
     */
    boolean cancel();

    /**
     * A {@link CompletableFuture} of the outcome, whose dependent actions run on the client's callback executor,
     * never on an I/O thread. Cancelling it cancels the call. The same instance is returned each time.
     */
    CompletableFuture<T> toCompletableFuture();
}
