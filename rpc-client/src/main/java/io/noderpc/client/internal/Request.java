package io.noderpc.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.noderpc.core.RpcException;
import io.noderpc.core.frame.Frame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One outgoing message of a link, from the caller's thread until its end: its answer, its deadline, its send (for
 * casts), or its failure. Fields other than the final ones are confined to the worker's event loop.
 */
final class Request {

    enum Kind {
        CALL("call"), CAST("cast"), ORDERED_CAST("ordered cast"), ABCAST("abcast"), SBCAST("sbcast");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    enum State { NEW, QUEUED, SENT, FINISHED }

    final Kind kind;
    /** The service, or the mailbox of ABCAST and SBCAST. */
    final String service;
    /** The function, {@code null} for ABCAST and SBCAST. */
    final String function;
    /** When the caller stops waiting, in the worker loop's ticker time; unused for casts. */
    final long deadlineNanos;
    /** The whole time the caller waits, for messages. */
    final long timeoutNanos;
    /** The outcome; {@code null} for casts, which have none. */
    final CompletableFuture<Object> result;

    private static final AtomicLongFieldUpdater<Request> UNSENT =
            AtomicLongFieldUpdater.newUpdater(Request.class, "unsent");

    private ByteBuf payload;
    /** Bytes counted against the link's bound on unsent one-way requests until written ({@link #takeUnsent}). */
    private volatile long unsent;
    State state = State.NEW;
    long id;
    ScheduledFuture<?> timer;
    Link link;

    Request(Kind kind, String service, String function, ByteBuf payload, long deadlineNanos, long timeoutNanos) {
        this.kind = kind;
        this.service = service;
        this.function = function;
        this.payload = payload;
        this.deadlineNanos = deadlineNanos;
        this.timeoutNanos = timeoutNanos;
        this.result = awaitsAnswer() ? new CompletableFuture<>() : null;
    }

    /** Records the bytes its worker counted as unsent for it. */
    void reserveUnsent(long bytes) {
        unsent = bytes;
    }

    /** The bytes counted as unsent, the first time; 0 after (any thread). */
    long takeUnsent() {
        return unsent == 0 ? 0 : UNSENT.getAndSet(this, 0);
    }

    /** Whether an answer (REPLY, ERROR, SBCAST_REPLY) is expected: such requests occupy an in-flight slot. */
    boolean awaitsAnswer() {
        return kind == Kind.CALL || kind == Kind.SBCAST;
    }

    /** The frame to send, taking over the payload. */
    Frame toFrame(long nowNanos) {
        ByteBuf p = payload;
        payload = null;
        switch (kind) {
            case CALL:
                long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - nowNanos));
                return Frame.call(id, service, function, Math.min(millis, 0xFFFF_FFFFL), p);
            case CAST:
                return Frame.cast(id, service, function, p);
            case ORDERED_CAST:
                return Frame.orderedCast(id, service, function, p);
            case ABCAST:
                return Frame.abcast(id, service, p);
            default:
                return Frame.sbcast(id, service, p);
        }
    }

    /** Releases the payload if it was never sent. */
    void releasePayload() {
        if (payload != null) {
            ReferenceCountUtil.safeRelease(payload);
            payload = null;
        }
    }

    /** Ends the request: cancels its timer, drops an unsent payload. Returns false if it had already ended. */
    boolean finish() {
        if (state == State.FINISHED) {
            return false;
        }
        state = State.FINISHED;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        releasePayload();
        link = null;
        return true;
    }

    void fail(RpcException cause) {
        if (result != null) {
            result.completeExceptionally(cause);
        }
    }

    /** {@code service:function}, or {@code mailbox 'name'}. */
    String target() {
        return function == null ? "mailbox '" + service + "'" : service + ":" + function;
    }

    @Override
    public String toString() {
        return kind.label + " " + target() + " id=" + id + " " + state;
    }
}
