package io.noderpc.client.internal;

import io.netty.channel.ConnectTimeoutException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what a connection attempt threw into the error callers see. */
final class Errors {

    private Errors() {
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The specific error for a failed attempt to link to {@code key}. */
    static RpcException connectFailure(NodeKey key, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof RpcException) {
            return (RpcException) t;
        }
        if (t instanceof ConnectTimeoutException) {
            return new RpcTimeoutException("connecting to " + key + " timed out: " + t.getMessage()
                    + "; the host is unreachable or slow (connectTimeout)", t);
        }
        if (t instanceof ConnectException) {
            return new ConnectFailedException("cannot connect to " + key + ": " + t.getMessage()
                    + "; is the node running and its data port right?", t);
        }
        if (t instanceof UnknownHostException) {
            return new ConnectFailedException("cannot connect to " + key + ": unknown host " + t.getMessage(), t);
        }
        return new ConnectFailedException("cannot connect to " + key + ": " + t, t);
    }

    /** The failure of {@code request} at its deadline; {@code whyUnsent} says why it was still queued. */
    static RpcTimeoutException timeout(NodeKey key, Request request, String whyUnsent) {
        long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(request.timeoutNanos);
        if (request.state == Request.State.SENT) {
            return new RpcTimeoutException("no answer from " + key + " to " + request.kind.label + " "
                    + request.target() + " within " + millis + " ms; it may still run there (a CANCEL was sent)");
        }
        return new RpcTimeoutException(request.kind.label + " " + request.target() + " to " + key + " timed out"
                + " after " + millis + " ms before it could be sent: " + whyUnsent);
    }

    /** A copy of {@code last} for a request refused during the back-off after it. */
    static RpcException duringBackoff(RpcException last, long remainingMillis) {
        RpcException copy = last.kind().newException(last.getMessage() + " [last attempt failed; next attempt in "
                + remainingMillis + " ms]");
        copy.initCause(last);
        return copy;
    }
}
