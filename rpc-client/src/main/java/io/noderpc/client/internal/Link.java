package io.noderpc.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.noderpc.core.CodecException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.RpcException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.MalformedFrameException;
import io.noderpc.core.frame.RemoteError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application stage of one client connection, last in its pipeline: assigns message ids, correlates answers
 * with the requests awaiting them (at most {@code maxInFlightPerConnection} at once), answers PINGs, pings the peer
 * when nothing arrived for {@code pingInterval} and drops the link if the next interval passes in silence too, and
 * drops it when a write makes no progress for {@code sendTimeout}. When the connection closes, every request
 * awaiting an answer fails at once. Runs on the worker's event loop; the {@link ClientWorker} decides what to send.
 */
final class Link extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Link.class);

    private final ClientWorker worker;
    private final LongObjectMap<Request> awaiting = new LongObjectHashMap<>();
    private Channel channel;
    private long nextId = 1;
    private boolean pingOutstanding;
    private boolean sendWatchArmed;
    /** An answer freed an in-flight slot during this read: drain the worker's queue when the read completes. */
    private boolean slotFreed;
    /** Why this side is closing the link, if it decided to; otherwise the loss is reported as "lost". */
    private RpcException closeCause;

    Link(ClientWorker worker) {
        this.worker = worker;
    }

    Channel channel() {
        return channel;
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
        request.id = nextId++;
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

    /** Forgets {@code request} (timed out or cancelled) and tells the peer with a CANCEL if it was a call. */
    void abandon(Request request) {
        if (awaiting.remove(request.id) == request && request.kind == Request.Kind.CALL && channel.isActive()) {
            channel.writeAndFlush(Frame.cancel(request.id));
        }
    }

    /** Closes the connection; requests awaiting answers fail with {@code cause}. */
    void close(RpcException cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        if (channel != null) {
            channel.close();
        }
        failAll();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Frame frame = (Frame) msg;
        pingOutstanding = false;
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
        if (evt instanceof IdleStateEvent) {
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
        if (channel.isWritable()) {
            worker.drain();
        } else {
            armSendWatch(pendingBytes());
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** While the channel stays unwritable, checks every sendTimeout that the socket took some bytes. */
    private void armSendWatch(long pendingBefore) {
        if (sendWatchArmed) {
            return;
        }
        sendWatchArmed = true;
        long timeout = worker.config().options().sendTimeout().toNanos();
        channel.eventLoop().schedule(() -> {
            sendWatchArmed = false;
            if (!channel.isActive() || channel.isWritable()) {
                return;
            }
            long pending = pendingBytes();
            if (pending >= pendingBefore) {
                close(new ConnectFailedException("connection to " + worker.key() + " lost: no progress sending for "
                        + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms (sendTimeout); the peer stopped reading"));
            } else {
                armSendWatch(pending);
            }
        }, timeout, TimeUnit.NANOSECONDS);
    }

    private long pendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeCause == null) {
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
    }

    /** Why the link ended, for the worker: this side's reason, or a plain loss. */
    RpcException lossCause() {
        return closeCause != null ? closeCause
                : new ConnectFailedException("connection to " + worker.key() + " lost");
    }

    private void failAll() {
        if (awaiting.isEmpty()) {
            return;
        }
        RpcException cause = lossCause();
        List<Request> failed = new ArrayList<>(awaiting.values());
        awaiting.clear();
        for (Request request : failed) {
            worker.end(request, cause);
        }
    }
}
