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
 */
record WorkerConfig(RpcOptions options, Codec codec, Executor callbackExecutor, int maxQueued, Duration backoffMin,
                    Duration backoffMax, int decodeInlineMaxBytes) {

    static final int DEFAULT_DECODE_INLINE_MAX_BYTES = 64 * 1024;

    WorkerConfig {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(callbackExecutor, "callbackExecutor");
    }

    int maxInFlight() {
        return options.maxInFlightPerConnection();
    }
}
