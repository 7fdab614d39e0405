package io.noderpc.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.noderpc.core.CodecException;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.frame.Frame;
import io.noderpc.server.RpcFunction;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CALL: on a worker (on the event loop for a non-blocking service), decodes the arguments, picks the export by
 * arity, invokes it and writes the REPLY, or an ERROR (CODEC, NO_SUCH_FUNCTION for an arity not exported,
 * INCOMPATIBLE for arguments that do not fit the method, REMOTE for what the function threw). A call cancelled by
 * its caller before it started, or whose caller's timeout has passed, or whose link closed, is skipped without an
 * answer; a cancelled call running on a worker is interrupted (best effort) and not answered. A call running on
 * the event loop cannot be cancelled: the CANCEL is read after it returned.
 */
final class CallTask extends WorkerTask {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int CANCELLED = 2;

    private final long id;
    private final Route route;
    /** Whether the caller gave a timeout, and the ticker time after which it no longer waits. */
    private final boolean hasDeadline;
    private final long deadline;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private Thread runner;

    CallTask(Link link, Frame frame, Route route) {
        super(link, frame);
        this.id = frame.id();
        this.route = route;
        long timeout = frame.timeoutMillis();
        this.hasDeadline = timeout > 0;
        this.deadline = hasDeadline ? link.ticker().nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0;
    }

    long id() {
        return id;
    }

    /** A call to a non-blocking service runs on the event loop as soon as it is admitted. */
    @Override
    boolean inline() {
        return route.service().nonBlocking();
    }

    @Override
    boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /** The caller gave up: drop the call if it has not started, else interrupt it (best effort); no answer. */
    void cancel() {
        if (state.compareAndSet(QUEUED, CANCELLED)) {
            return;
        }
        if (state.compareAndSet(RUNNING, CANCELLED)) {
            synchronized (this) {
                if (runner != null) {
                    runner.interrupt();
                }
            }
        }
    }

    @Override
    ChannelFuture execute() {
        if (!state.compareAndSet(QUEUED, RUNNING)) {
            log.debug("call {} {} of {} cancelled before it started", id, route.target(), link);
            return null;
        }
        if (!link.channel().isActive()) {
            log.debug("call {} {} skipped: its {} closed", id, route.target(), link);
            return null;
        }
        if (hasDeadline && link.ticker().nanoTime() - deadline > 0) {
            log.debug("call {} {} of {} skipped: its caller's timeout passed before it started", id, route.target(),
                    link);
            return null;
        }
        Object[] args;
        try {
            args = decodeArguments();
        } catch (CodecException e) {
            return refuse(ErrorKind.CODEC, "cannot decode the arguments of " + route.target() + " on node "
                    + link.server().self() + ": " + e.getMessage());
        }
        RpcFunction function = route.service().function(route.function(), args.length).orElse(null);
        if (function == null) {
            return refuse(ErrorKind.NO_SUCH_FUNCTION, "service " + route.service().name() + " on node "
                    + link.server().self() + " exports " + route.function() + " with "
                    + route.service().arities(route.function()) + " argument(s), not " + args.length);
        }
        Object result;
        synchronized (this) {
            runner = Thread.currentThread();
        }
        try {
            result = function.apply(args);
        } catch (ArgumentMismatchException e) {
            return refuse(ErrorKind.INCOMPATIBLE, "the arguments of " + route.target() + " on node "
                    + link.server().self() + " do not fit: " + e.getMessage());
        } catch (Throwable t) {
            if (isCancelled()) {
                return null; // interrupted for the caller: nobody waits for this answer
            }
            if (link.server().aborted()) {
                // interrupted by closeNow(): a data link closes, telling the caller; a shared link does not
                return outlivesServer() ? link.send(ErrorFrames.refusal(id, ErrorKind.NODE_DOWN, "node "
                        + link.server().self() + " was closed while running " + route.target(),
                        link.channel().alloc())) : null;
            }
            log.debug("call {} {} of {} threw", id, route.target(), link, t);
            return link.send(ErrorFrames.remote(id, t, link.channel().alloc()));
        } finally {
            synchronized (this) {
                runner = null;
                Thread.interrupted(); // a late cancel must not hit the worker's next task
            }
        }
        if (isCancelled()) {
            return null;
        }
        ByteBuf encoded;
        try {
            encoded = link.server().codec().encode(result, link.channel().alloc());
        } catch (CodecException e) {
            return refuse(ErrorKind.CODEC, "cannot encode the result of " + route.target() + " on node "
                    + link.server().self() + ": " + e.getMessage());
        }
        return link.send(Frame.reply(id, encoded));
    }

    private ChannelFuture refuse(ErrorKind kind, String message) {
        log.debug("call {} of {} refused: {}", id, link, message);
        return link.send(ErrorFrames.refusal(id, kind, message, link.channel().alloc()));
    }

    @Override
    ChannelFuture abortedAnswer() {
        return outlivesServer() ? link.send(ErrorFrames.refusal(id, ErrorKind.NODE_DOWN, "node "
                + link.server().self() + " was closed before running " + route.target() + "; nothing was executed",
                link.channel().alloc())) : null;
    }

    /** Whether the caller still waits on a link that stays open after the server closed (a shared link). */
    private boolean outlivesServer() {
        return link.shared() && !isCancelled() && link.channel().isActive();
    }

    @Override
    void onRejected(RejectedExecutionException cause) {
        if (link.server().aborted()) {
            abortedAnswer(); // the server's own executor, shut down by closeNow()
        } else if (link.channel().isActive()) {
            link.send(ErrorFrames.refusal(id, ErrorKind.RPC, "node " + link.server().self()
                    + " could not run " + route.target() + ": its worker executor refused it (" + cause
                    + "); nothing was executed", link.channel().alloc()));
        }
    }

    @Override
    void abandon(String reason) {
        if (!isCancelled() && link.channel().isActive()) {
            link.send(ErrorFrames.refusal(id, ErrorKind.NODE_DOWN, "node " + link.server().self()
                    + " did not run " + route.target() + ": " + reason + "; nothing was executed",
                    link.channel().alloc()));
        }
        super.abandon(reason);
    }

    @Override
    void onFinish() {
        link.calls().remove(id, this);
    }

    @Override
    public String toString() {
        return "call " + id + " " + route.target();
    }
}
