package io.noderpc.node.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.noderpc.core.NodeName;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import io.noderpc.core.handshake.HandshakeFailedEvent;
import io.noderpc.node.NodeEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's stage of one distribution connection, right after rpc-core's link stages: it reports the handshake
 * to the {@link DistKernel}, exchanges the {@link Introduction}, sends a tick (an empty frame) every
 * {@code tickTime / 4} and closes the connection when nothing at all arrived for {@code tickTime}
 * ({@value NodeEvent#NET_TICK_TIMEOUT}). Every other frame passes on to the shared acceptor and the
 * distribution-channel RPC client after it. Arrivals are stamped by {@link #activity()}, which sits first in the
 * pipeline and sees every byte, ticks and bulk alike. Runs on the connection's event loop; never blocks.
 */
public final class DistConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DistConnection.class);

    enum State { HANDSHAKE, AUTHENTICATED, UP, CLOSED }

    private final DistKernel kernel;
    private final boolean outbound;
    private final NodeName target;
    private final long tickTimeNanos;
    private final CompletableFuture<DistConnection> up = new CompletableFuture<>();
    private volatile long lastReadNanos = System.nanoTime();
    private volatile State state = State.HANDSHAKE;
    private volatile String closeReason;
    private volatile NodeName peer;
    private volatile boolean hidden;
    private Channel channel;
    private ScheduledFuture<?> ticker;
    private long ticksSent;

    /**
     * @param outbound whether this node opened the connection
     * @param target   the node connected to (outbound), else {@code null} until the handshake names it
     */
    DistConnection(DistKernel kernel, boolean outbound, NodeName target, long tickTimeNanos) {
        this.kernel = kernel;
        this.outbound = outbound;
        this.target = target;
        this.peer = target;
        this.tickTimeNanos = tickTimeNanos;
    }

    /** The first stage of the pipeline: stamps every arrival. */
    ChannelInboundHandlerAdapter activity() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                lastReadNanos = System.nanoTime();
                ctx.fireChannelRead(msg);
            }
        };
    }

    boolean outbound() {
        return outbound;
    }

    NodeName peer() {
        return peer;
    }

    boolean hidden() {
        return hidden;
    }

    State state() {
        return state;
    }

    Channel channel() {
        return channel;
    }

    /** Completes once the peer's introduction arrived and the kernel counts the connection up. */
    CompletableFuture<DistConnection> upFuture() {
        return up;
    }

    /** Why the connection closed or is closing, once known. */
    String closeReason() {
        String reason = closeReason;
        return reason != null ? reason : NodeEvent.CONNECTION_CLOSED;
    }

    /** Closes the connection, reporting {@code reason} for it (the first reason given wins). */
    void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    void markUp() {
        state = State.UP;
        up.complete(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeCompletedEvent done) {
            peer = done.peer();
            state = State.AUTHENTICATED;
            lastReadNanos = System.nanoTime();
            long interval = Math.max(1, tickTimeNanos / 4);
            ticker = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), interval, interval, TimeUnit.NANOSECONDS);
            if (!kernel.onAuthenticated(this)) {
                return;
            }
            Frame intro = Frame.abcast(-1, Introduction.MAILBOX,
                    kernel.introductionFor(peer).encode(ctx.alloc()));
            ctx.writeAndFlush(intro);
        } else if (evt instanceof HandshakeFailedEvent failed) {
            closeReason = failed.cause().getMessage();
            up.completeExceptionally(failed.cause());
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void tick(ChannelHandlerContext ctx) {
        long silent = System.nanoTime() - lastReadNanos;
        if (silent >= tickTimeNanos) {
            log.info("{}: nothing from {} for {} ms (tick time {} ms); it is down", kernel.self(), peer,
                    TimeUnit.NANOSECONDS.toMillis(silent), TimeUnit.NANOSECONDS.toMillis(tickTimeNanos));
            close(NodeEvent.NET_TICK_TIMEOUT);
            return;
        }
        ticksSent++;
        ctx.pipeline().firstContext().writeAndFlush(ctx.alloc().buffer(4).writeInt(0));
    }

    /** Nanoseconds since anything last arrived on this connection. */
    long silenceNanos() {
        return System.nanoTime() - lastReadNanos;
    }

    /** Ticks written so far (for tests and diagnostics). */
    long ticksSent() {
        return ticksSent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame frame && frame.type() == FrameType.ABCAST
                && Introduction.MAILBOX.equals(frame.name())) {
            Introduction intro;
            try {
                intro = Introduction.decode(frame.payload());
            } catch (IllegalArgumentException e) {
                log.warn("{}: closing the distribution connection of {}: {}", kernel.self(), peer, e.getMessage());
                close("protocol_error: " + e.getMessage());
                return;
            } finally {
                frame.release();
            }
            if (state != State.AUTHENTICATED) {
                close("protocol_error: a second introduction");
                return;
            }
            hidden = intro.hidden() || kernel.hidden();
            kernel.onIntroduced(this, intro);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        state = State.CLOSED;
        if (!up.isDone()) {
            up.completeExceptionally(new io.noderpc.core.ConnectFailedException("the distribution connection "
                    + (peer != null ? "to " + peer + " " : "") + "closed before it was up: " + closeReason()));
        }
        kernel.onClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{}: distribution connection of {} failed: {}", kernel.self(), peer, cause.toString());
        } else {
            log.warn("{}: closing the distribution connection of {}: {}", kernel.self(), peer, cause.toString());
        }
        close(NodeEvent.CONNECTION_CLOSED);
    }

    @Override
    public String toString() {
        return "dist[" + (outbound ? "to " : "from ") + (peer != null ? peer : channel != null
                ? channel.remoteAddress() : "?") + ", " + state + "]";
    }
}
