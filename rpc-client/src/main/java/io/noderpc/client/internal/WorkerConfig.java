package io.noderpc.client.internal;

import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every client worker of one client shares.
 *
 * @param options the link options
 * @param codec encodes arguments, decodes results
 * @param callbackExecutor decodes large results and runs dependent actions of futures, off the event loops
 * @param maxQueued requests a link may hold waiting for a connection, a free in-flight slot or writability
 * @param backoffMin the delay before retrying after the first failed connection attempt
 * @param backoffMax the longest delay, reached by doubling
 * @param decodeInlineMaxBytes results up to this size are decoded on the event loop, larger ones on the executor
 * @param attached whether links live on channels someone else owns (a {@code LinkAttacher}'s): they detach
 *                 instead of closing the channel, and neither ping nor watch send progress
 * @param maxUnsentBytes the encoded bytes of one-way requests a link may hold not yet written to its socket; one
 *                       more is refused unless the link holds none
 */
record WorkerConfig(RpcOptions options, Codec codec, Executor callbackExecutor, int maxQueued, Duration backoffMin,
                    Duration backoffMax, int decodeInlineMaxBytes, boolean attached, long maxUnsentBytes) {

    static final int DEFAULT_DECODE_INLINE_MAX_BYTES = 64 * 1024;

    WorkerConfig {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(callbackExecutor, "callbackExecutor");
    }

    /** With the default bound on unsent bytes. */
    WorkerConfig(RpcOptions options, Codec codec, Executor callbackExecutor, int maxQueued, Duration backoffMin,
                 Duration backoffMax, int decodeInlineMaxBytes, boolean attached) {
        this(options, codec, callbackExecutor, maxQueued, backoffMin, backoffMax, decodeInlineMaxBytes, attached,
                io.noderpc.client.RpcClientBuilder.DEFAULT_MAX_UNSENT_BYTES_PER_LINK);
    }

    /** Links on the client's own connections. */
    WorkerConfig(RpcOptions options, Codec codec, Executor callbackExecutor, int maxQueued, Duration backoffMin,
                 Duration backoffMax, int decodeInlineMaxBytes) {
        this(options, codec, callbackExecutor, maxQueued, backoffMin, backoffMax, decodeInlineMaxBytes, false);
    }

    int maxInFlight() {
        return options.maxInFlightPerConnection();
    }
}
