package io.noderpc.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.noderpc.core.CodecException;
import io.noderpc.core.frame.Frame;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admitted request of a link: created on the event loop, queued in the {@link LinkGate} until the bounds
 * allow, then run on a worker (or inline on the event loop, for answers that need no worker and for calls and
 * unordered casts to a non-blocking service). It owns the request frame until the
 * payload is decoded, and holds an in-flight permit from {@link #start()} until it finishes, that is until its
 * answer, if any, is written. Exactly one of run, {@link #rejected} or {@link #abandon} ends it.
 */
public abstract class WorkerTask implements Runnable, Rejectable {

    static final Logger log = LoggerFactory.getLogger(WorkerTask.class);

    final Link link;
    private Frame frame;
    private boolean started;
    private final AtomicBoolean finished = new AtomicBoolean();

    WorkerTask(Link link, Frame frame) {
        this.link = link;
        this.frame = frame;
    }

    /** The executor it runs on: the workers, or one of the link's serial lanes. */
    Executor executor() {
        return link.server().workers();
    }

    /** Whether it runs on the event loop at start instead of on a worker. */
    boolean inline() {
        return false;
    }

    /** Whether the caller gave up on it before it started. */
    boolean isCancelled() {
        return false;
    }

    /** Event loop, permits taken: hands it to its executor. */
    final void start() {
        started = true;
        if (inline()) {
            run();
            return;
        }
        try {
            executor().execute(this);
        } catch (RejectedExecutionException e) {
            rejected(e);
        }
    }

    @Override
    public final void run() {
        ChannelFuture answer = null;
        try {
            if (link.server().aborted()) {
                log.debug("dropping {} of {}: the server was closed at once", this, link);
                answer = abortedAnswer();
            } else {
                answer = execute();
            }
        } catch (Throwable t) {
            log.error("unexpected failure running {} of {}", this, link, t);
        } finally {
            if (inline()) {
                Thread.interrupted(); // a function that re-set its interrupt must not leave the event loop interrupted
            }
            releaseFrame();
            if (answer == null || answer.isDone()) {
                finish(); // done already when the channel's loop is gone: no listener could be notified
            } else {
                answer.addListener(f -> finish());
            }
        }
    }

    /**
     * Does the work; runs once.
     *
     * @return the write of the answer, to finish when it completes, or {@code null} if there is none
     */
    abstract ChannelFuture execute() throws Exception;

    @Override
    public void rejected(RejectedExecutionException cause) {
        releaseFrame();
        log.warn("{} of {} was not run: the worker executor refused it ({})", this, link, cause.toString());
        onRejected(cause);
        finish();
    }

    /**
     * The answer, if any, to a request dropped because the server was closed at once. A data link closes with the
     * server, which tells its callers; a shared link stays open, so its callers are told here.
     */
    ChannelFuture abortedAnswer() {
        return null;
    }

    /** Answers the caller, if any, that the request was refused by the executor. */
    void onRejected(RejectedExecutionException cause) {
    }

    /** Drops it without running: never started, or the link is going away. */
    void abandon(String reason) {
        releaseFrame();
        log.debug("{} of {} dropped: {}", this, link, reason);
        finish();
    }

    /** Decodes the payload as a value and releases the frame. */
    final Object decodePayload() {
        try {
            ByteBuf payload = frame.content();
            return link.server().codec().decode(payload);
        } finally {
            releaseFrame();
        }
    }

    /** Decodes the payload as call arguments; {@code null} counts as none. */
    final Object[] decodeArguments() {
        Object value = decodePayload();
        if (value == null) {
            return new Object[0];
        }
        if (!(value instanceof Object[])) {
            throw new CodecException("the arguments are a " + value.getClass().getName() + ", not an Object[]; the"
                    + " peer does not follow the data-channel contract");
        }
        return (Object[]) value;
    }

    final void releaseFrame() {
        Frame f = frame;
        if (f != null) {
            frame = null;
            f.release();
        }
    }

    /** Returns the permit if it was taken; idempotent. */
    final void finish() {
        if (finished.compareAndSet(false, true)) {
            onFinish();
            if (started) {
                link.gate().release();
            }
        }
    }

    /** Cleanup of the subclass when it ends, e.g. forgetting a call id. */
    void onFinish() {
    }
}
