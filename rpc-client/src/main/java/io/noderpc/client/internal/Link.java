package io.noderpc.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.netty.util.concurrent.EventExecutor;
import io.noderpc.core.CodecException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.RpcException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.MalformedFrameException;
import io.noderpc.core.frame.RemoteError;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application stage of one client connection, last in its pipeline: assigns message ids, correlates answers
 * with the requests awaiting them (at most {@code maxInFlightPerConnection} at once), answers PINGs, pings the peer
 * when nothing arrived for {@code pingInterval} and drops the link if the next interval passes in silence too, and
 * drops it when a write makes no progress for {@code sendTimeout}. When the connection closes, every request
 * awaiting an answer fails at once. Runs on the worker's event loop; the {@link ClientWorker} decides what to send.
 *
 * <p>An <b>attached</b> link lives on a channel someone else owns (a {@code LinkAttacher}'s), possibly beside the
 * links of other keys and a server's acceptor: it takes its ids from a counter shared by the channel's links,
 * passes on what it does not own (answers to ids it does not await, PONGs, other messages), neither pings nor
 * watches send progress, and instead of closing the channel it removes itself from the pipeline, failing what it
 * awaits and cancelling its calls.
 */
final class Link extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Link.class);

    /** The message ids of the attached links of one channel, so that answers find their link. */
    private static final AttributeKey<AtomicLong> SHARED_IDS = AttributeKey.valueOf(Link.class, "sharedIds");

    private final ClientWorker worker;
    private final boolean attached;
    private final LongObjectMap<Request> awaiting = new LongObjectHashMap<>();
    /** Set when added to a pipeline, possibly on another thread (an attacher adding it on the wrong loop). */
    private volatile ChannelHandlerContext ctx;
    private Channel channel;
    private AtomicLong sharedIds;
    private long nextId = 1;
    private boolean pingOutstanding;
    private boolean sendWatchArmed;
    /**
     * Counts the channel's writability changes. One seen after the watch armed on an unwritable channel means it
     * turned writable meanwhile (the socket took bytes), even if a handler before this one refilled the buffer and
     * made it unwritable again before the event got here.
     */
    private long writabilityChanges;
    /** An answer freed an in-flight slot during this read: drain the worker's queue when the read completes. */
    private boolean slotFreed;
    /** Why this side is closing the link, if it decided to; otherwise the loss is reported as "lost". */
    private RpcException closeCause;
    /** The socket error the link was lost to, if it was lost to one rather than closed by the peer. */
    private Throwable lossDetail;
    /** A flush is queued on the worker's loop ({@link #flushSoon}). */
    private boolean flushPending;
    private final Runnable flushTask = () -> {
        flushPending = false;
        channel.flush();
    };

    Link(ClientWorker worker) {
        this.worker = worker;
        this.attached = worker.config().attached();
    }

    Channel channel() {
        return channel;
    }

    /** Whether it is in a pipeline with its events running on {@code loop}. */
    boolean runsOn(EventExecutor loop) {
        ChannelHandlerContext c = ctx;
        return c != null && !c.isRemoved() && c.executor() == loop;
    }

    private long newId() {
        return sharedIds != null ? sharedIds.getAndIncrement() : nextId++;
    }

    /** Requests awaiting an answer on this link. */
    int awaitingCount() {
        return awaiting.size();
    }

    boolean canSend(Request request) {
        return channel.isActive() && channel.isWritable()
                && (!request.awaitsAnswer() || awaiting.size() < worker.config().maxInFlight());
    }

    /** Writes {@code request} without flushing. */
    void send(Request request) {
        request.id = newId();
        request.link = this;
        request.state = Request.State.SENT;
        Frame frame = request.toFrame(worker.nanoTime());
        if (request.awaitsAnswer()) {
            awaiting.put(request.id, request);
            channel.write(frame).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess() && awaiting.remove(request.id) == request) {
                    worker.end(request, new ConnectFailedException("connection to " + worker.key() + " lost while"
                            + " sending " + request.kind.label + " " + request.target() + ": " + f.cause(), f.cause()));
                }
            });
        } else {
            channel.write(frame).addListener(f -> worker.end(request, null));
        }
    }

    void flush() {
        channel.flush();
    }

    /**
     * Flushes once the worker's event loop has run the tasks already queued on it: the requests that many callers
     * submit at about the same time leave in one write instead of one system call each. Called on the worker's loop.
     */
    void flushSoon() {
        if (flushPending) {
            return;
        }
        flushPending = true;
        try {
            worker.loop().execute(flushTask);
        } catch (RejectedExecutionException e) {
            flushTask.run(); // the loop is shutting down: flush now
        }
    }

    /** Forgets {@code request} (timed out or cancelled) and tells the peer with a CANCEL if it was a call. */
    void abandon(Request request) {
        if (awaiting.remove(request.id) == request && request.kind == Request.Kind.CALL && channel.isActive()) {
            channel.writeAndFlush(Frame.cancel(request.id));
        }
    }

    /**
     * Ends the link; requests awaiting answers fail with {@code cause}. A link closes its connection; an attached
     * one removes itself from the pipeline instead, first cancelling its calls.
     */
    void close(RpcException cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        if (attached) {
            detach();
        } else if (channel != null) {
            channel.close();
        }
        failAll();
    }

    /** Attached links: leaves the owner's pipeline, telling the peer its calls are no longer awaited. */
    private void detach() {
        ChannelHandlerContext c = ctx;
        if (c == null || c.isRemoved()) {
            return;
        }
        Channel ch = c.channel();
        if (ch.isActive()) {
            boolean cancelled = false;
            for (Request request : awaiting.values()) {
                if (request.kind == Request.Kind.CALL) {
                    ch.write(Frame.cancel(request.id));
                    cancelled = true;
                }
            }
            if (cancelled) {
                ch.flush();
            }
        }
        removeFrom(ch);
    }

    /**
     * Attached links never used: leaves {@code ch}'s pipeline if an attacher put it there, even if it was added
     * on another event loop than the worker's and has not seen {@code handlerAdded} yet.
     */
    void discardFrom(Channel ch) {
        removeFrom(ch);
    }

    private void removeFrom(Channel ch) {
        try {
            if (ch.pipeline().context(this) != null) {
                ch.pipeline().remove(this);
            }
        } catch (NoSuchElementException | RejectedExecutionException e) {
            // removed meanwhile, or the channel's loop is gone with the channel
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        this.ctx = ctx;
        if (attached) {
            sharedIds = channel.attr(SHARED_IDS).setIfAbsent(new AtomicLong(1));
            if (sharedIds == null) {
                sharedIds = channel.attr(SHARED_IDS).get();
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (attached) {
            // detached by the client, by the owner, or with the channel: nothing more arrives for what it awaits
            failAll();
            worker.linkClosed(this);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame)) {
            if (attached) {
                ctx.fireChannelRead(msg); // the owner's, or another handler's
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        Frame frame = (Frame) msg;
        pingOutstanding = false;
        if (attached && !owns(frame)) {
            ctx.fireChannelRead(frame); // another link's answer, a PONG, or traffic of the owner's
            return;
        }
        try {
            switch (frame.type()) {
                case REPLY:
                    onReply(frame);
                    break;
                case ERROR:
                    onError(frame);
                    break;
                case SBCAST_REPLY:
                    Request sbcast = answered(frame);
                    if (sbcast != null) {
                        worker.end(sbcast, null);
                        sbcast.result.complete(frame.delivered());
                    }
                    break;
                case PING:
                    ctx.writeAndFlush(Frame.pong(frame.id()));
                    break;
                case PONG:
                    break;
                default:
                    log.warn("{} sent an unexpected {} on a client link; ignored", worker.key(), frame.type());
            }
        } finally {
            frame.release();
        }
    }

    /** Attached links: whether {@code frame} is for this link, an answer it awaits or a PING to answer. */
    private boolean owns(Frame frame) {
        switch (frame.type()) {
            case REPLY:
            case ERROR:
            case SBCAST_REPLY:
                return awaiting.containsKey(frame.id());
            case PING:
                return true;
            default:
                return false;
        }
    }

    private Request answered(Frame frame) {
        Request request = awaiting.remove(frame.id());
        slotFreed |= request != null;
        if (request == null) {
            log.debug("{}: answer {} for no outstanding request (timed out or cancelled); dropped", worker.key(),
                    frame);
        }
        return request;
    }

    private void onReply(Frame frame) {
        Request request = answered(frame);
        if (request == null) {
            return;
        }
        worker.end(request, null);
        ByteBuf payload = frame.content();
        if (payload.readableBytes() <= worker.config().decodeInlineMaxBytes()) {
            complete(request, payload);
        } else {
            ByteBuf retained = payload.retain();
            try {
                worker.config().callbackExecutor().execute(() -> {
                    try {
                        complete(request, retained);
                    } finally {
                        retained.release();
                    }
                });
            } catch (RuntimeException e) {
                retained.release();
                request.fail(new RpcException("cannot decode the reply of " + request.target() + ": " + e, e));
            }
        }
    }

    private void complete(Request request, ByteBuf payload) {
        try {
            request.result.complete(worker.config().codec().decode(payload));
        } catch (CodecException e) {
            request.fail(new CodecException("cannot decode the result of " + request.target() + " from "
                    + worker.key() + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            request.fail(new CodecException("cannot decode the result of " + request.target() + " from "
                    + worker.key() + ": " + e, e));
        }
    }

    private void onError(Frame frame) {
        Request request = answered(frame);
        if (request == null) {
            return;
        }
        worker.end(request, null);
        RpcException failure;
        try {
            failure = RemoteError.decode(frame.content()).toException();
        } catch (MalformedFrameException e) {
            failure = new CodecException(worker.key() + " answered " + request.target()
                    + " with a malformed ERROR: " + e.getMessage(), e);
        }
        request.fail(failure);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (slotFreed) {
            slotFreed = false;
            worker.drain();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !attached) {
            if (pingOutstanding) {
                close(new ConnectFailedException("connection to " + worker.key() + " lost: no answer to a ping"
                        + " within " + worker.config().options().pingInterval().toMillis() + " ms"));
            } else if (worker.isCurrent(this)) {
                pingOutstanding = true;
                ctx.writeAndFlush(Frame.ping(nextId++));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writabilityChanges++;
        if (channel.isWritable()) {
            worker.drain();
        } else if (!attached) {
            armSendWatch();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * While the channel stays unwritable, checks every sendTimeout that the socket took some bytes: the channel's
     * writability changed meanwhile, or its outbound buffer shrank. The buffer's size alone tells nothing, as a
     * large message refills it chunk by chunk each time it drains.
     */
    private void armSendWatch() {
        if (sendWatchArmed) {
            return;
        }
        sendWatchArmed = true;
        long changesBefore = writabilityChanges;
        long pendingBefore = pendingBytes();
        long timeout = worker.config().options().sendTimeout().toNanos();
        channel.eventLoop().schedule(() -> {
            sendWatchArmed = false;
            if (!channel.isActive() || channel.isWritable()) {
                return;
            }
            if (writabilityChanges == changesBefore && pendingBytes() >= pendingBefore) {
                close(new ConnectFailedException("connection to " + worker.key() + " lost: no progress sending for "
                        + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms (sendTimeout); the peer stopped reading"));
            } else {
                armSendWatch();
            }
        }, timeout, TimeUnit.NANOSECONDS);
    }

    private long pendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (attached) {
            log.debug("{}: exception on the attached link; its owner decides", worker.key(), cause);
            return;
        }
        if (cause instanceof java.io.IOException) {
            // the socket failed under us (reset by the peer, network gone): a loss like a plain close
            if (lossDetail == null) {
                lossDetail = cause;
            }
        } else if (closeCause == null) {
            closeCause = new ConnectFailedException("connection to " + worker.key() + " lost: " + cause, cause);
        }
        log.debug("{}: link failed", worker.key(), cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll();
        worker.linkClosed(this);
        ctx.fireChannelInactive();
        if (attached) {
            // leave at once: the owner's channel would otherwise send its last events to the worker's event
            // loop, which the client may have shut down by then
            removeFrom(ctx.channel());
        }
    }

    /** Why the link ended, for the worker: this side's reason, or a plain loss. */
    RpcException lossCause() {
        if (closeCause != null) {
            return closeCause;
        }
        return lossDetail == null ? new ConnectFailedException("connection to " + worker.key() + " lost")
                : new ConnectFailedException("connection to " + worker.key() + " lost: " + lossDetail, lossDetail);
    }

    private void failAll() {
        if (awaiting.isEmpty()) {
            return;
        }
        // a plain loss with requests awaiting answers: the node went down (or dropped the link) under them
        RpcException cause = closeCause != null ? closeCause : new NodeDownException("connection to "
                + worker.key() + " lost with requests in flight: the node went down or closed the link"
                + (lossDetail == null ? "" : " (" + lossDetail + ")") + "; whether they ran there is unknown",
                lossDetail);
        List<Request> failed = new ArrayList<>(awaiting.values());
        awaiting.clear();
        for (Request request : failed) {
            worker.end(request, cause);
        }
    }
}
