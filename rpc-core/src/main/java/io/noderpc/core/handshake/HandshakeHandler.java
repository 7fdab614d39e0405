package io.noderpc.core.handshake;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.Cookie;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.core.handshake.HandshakeMessage.Reject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both handshake handlers share: the auth timeout, the outcome, and stepping out of the pipeline.
 *
 * <p>The handler starts when the channel is active: it arms the authentication timeout and, on the client, sends
 * HELLO. It must sit after the handshake decoder and encoder, and after the frame decoder and encoder, in the
 * pipeline. Until the handshake succeeds it refuses every outbound message but its own (the write fails with
 * {@link IllegalStateException}), so no payload leaves before authentication.
 *
 * <p>On success it fires {@link HandshakeCompletedEvent}, completes {@link #handshakeFuture()}, then removes the
 * handshake encoder, itself and finally the handshake decoder, whose remaining bytes go on to the frame decoder.
 * On failure it stops reading, sends REJECT where the peer deserves a reason, fires {@link HandshakeFailedEvent},
 * fails the future and closes the connection; input still buffered is dropped. Exceptions during and after a
 * failed handshake are consumed here and surface only through the event and the future. Not sharable.
 */
public abstract sealed class HandshakeHandler extends ChannelDuplexHandler
        permits ClientHandshakeHandler, ServerHandshakeHandler {

    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    final NodeName self;
    final Cookie cookie;
    final int minVersion;
    final int maxVersion;
    private final long authTimeoutNanos;
    private final Consumer<byte[]> random;
    private final CompletableFuture<HandshakeCompletedEvent> result = new CompletableFuture<>();
    private ScheduledFuture<?> timeout;
    private boolean started;
    private State state = State.IN_PROGRESS;

    private enum State { IN_PROGRESS, SUCCEEDED, FAILED }

    HandshakeHandler(NodeName self, Cookie cookie, Duration authTimeout, int minVersion, int maxVersion,
                     Consumer<byte[]> random) {
        this.self = Objects.requireNonNull(self, "self");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        if (authTimeout.isNegative() || authTimeout.isZero()) {
            throw new IllegalArgumentException("authTimeout must be positive: " + authTimeout);
        }
        if (minVersion < 1 || minVersion > maxVersion || maxVersion > 0xFFFF) {
            throw new IllegalArgumentException("bad version range " + minVersion + ".." + maxVersion);
        }
        this.authTimeoutNanos = authTimeout.toNanos();
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
        this.random = random == null ? RANDOM::nextBytes : random;
    }

    /**
     * Completes on the event loop with the handshake's outcome: the {@link HandshakeCompletedEvent}, or one of the
     * exceptions listed on {@link HandshakeFailedEvent}. Callbacks must not block. Completing the returned future
     * does not affect the handshake.
     */
    public final CompletableFuture<HandshakeCompletedEvent> handshakeFuture() {
        return result.copy();
    }

    /** Sends the opening message if this side speaks first. */
    abstract void onStart(ChannelHandlerContext ctx);

    /** Handles one message of the peer. */
    abstract void onMessage(ChannelHandlerContext ctx, HandshakeMessage message);

    /** Who the peer is, for messages. */
    abstract String peerDescription(ChannelHandlerContext ctx);

    final byte[] newChallenge() {
        byte[] challenge = new byte[HandshakeProtocol.CHALLENGE_LENGTH];
        random.accept(challenge);
        return challenge;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        timeout = ctx.executor().schedule(() -> fail(ctx, new RpcTimeoutException("handshake with "
                + peerDescription(ctx) + " did not complete within " + TimeUnit.NANOSECONDS.toMillis(authTimeoutNanos)
                + " ms: the peer is silent or too slow; check that the port is a noderpc data port, or raise"
                + " noderpc.authTimeout")), authTimeoutNanos, TimeUnit.NANOSECONDS);
        onStart(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.SUCCEEDED) {
            ctx.fireChannelRead(msg);
        } else if (state == State.FAILED) {
            ReferenceCountUtil.release(msg); // input still buffered when the handshake failed
        } else if (msg instanceof HandshakeMessage) {
            onMessage(ctx, (HandshakeMessage) msg);
        } else {
            ReferenceCountUtil.release(msg);
            fail(ctx, new IncompatibleException("received " + msg.getClass().getSimpleName() + " from "
                    + peerDescription(ctx) + " before the handshake completed"));
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (state == State.SUCCEEDED || msg instanceof HandshakeMessage) {
            ctx.write(msg, promise);
        } else {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalStateException("the link to " + peerDescription(ctx)
                    + " is not authenticated yet: write only after the handshake future completes"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.SUCCEEDED) {
            ctx.fireExceptionCaught(cause);
        } else if (state == State.FAILED) {
            log.debug("after the failed handshake with {}: {}", peerDescription(ctx), cause.toString());
        } else if (cause instanceof RpcException) {
            fail(ctx, (RpcException) cause);
        } else if (cause instanceof DecoderException) {
            fail(ctx, new IncompatibleException(peerDescription(ctx) + " does not follow the noderpc handshake ("
                    + cause.getMessage() + "); check that the port is a noderpc data port of a compatible version",
                    cause));
        } else {
            fail(ctx, new ConnectFailedException("connection to " + peerDescription(ctx)
                    + " failed during the handshake: " + cause, cause));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.IN_PROGRESS) {
            fail(ctx, new ConnectFailedException("connection to " + peerDescription(ctx)
                    + " closed during the handshake; the peer may have refused it (see its log) or crashed"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
        if (state == State.IN_PROGRESS) {
            state = State.FAILED;
            result.completeExceptionally(new ConnectFailedException("handshake handler removed before the"
                    + " handshake with " + peerDescription(ctx) + " completed"));
        }
    }

    /**
     * A message the current step does not expect: the peer's REJECT fails the handshake with the kind and reason it
     * gives; anything else is a protocol violation, answered with REJECT.
     */
    final void onRejectOrUnexpected(ChannelHandlerContext ctx, HandshakeMessage message) {
        if (message instanceof Reject r) {
            fail(ctx, r.kind().newException("handshake with " + peerDescription(ctx) + " refused by the peer: "
                    + r.reason()));
        } else {
            reject(ctx, ErrorKind.INCOMPATIBLE, "unexpected " + message.type() + " in the handshake",
                    new IncompatibleException(peerDescription(ctx) + " sent an unexpected " + message.type()
                            + " in the handshake; it does not follow the noderpc protocol"));
        }
    }

    /** Sends REJECT with {@code reason}, then fails with {@code local} and closes once the REJECT is written. */
    final void reject(ChannelHandlerContext ctx, ErrorKind kind, String reason, RpcException local) {
        if (finish(ctx, local)) {
            ctx.writeAndFlush(new Reject(kind, reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Fails with {@code cause} and closes. */
    final void fail(ChannelHandlerContext ctx, RpcException cause) {
        if (finish(ctx, cause)) {
            ctx.close();
        }
    }

    private boolean finish(ChannelHandlerContext ctx, RpcException cause) {
        if (state != State.IN_PROGRESS) {
            return false;
        }
        state = State.FAILED;
        cancelTimeout();
        ctx.channel().config().setAutoRead(false);
        log.info("handshake of {} with {} failed: {}", self, peerDescription(ctx), cause.getMessage());
        ctx.fireUserEventTriggered(new HandshakeFailedEvent(cause));
        result.completeExceptionally(cause);
        return true;
    }

    /** The handshake succeeded: announce it and step out of the pipeline. */
    final void succeed(ChannelHandlerContext ctx, NodeName peer, int version, String key) {
        state = State.SUCCEEDED;
        cancelTimeout();
        HandshakeCompletedEvent event = new HandshakeCompletedEvent(peer, version, key);
        log.debug("handshake of {} with {} ({}) completed, protocol version {}", self, peer,
                ctx.channel().remoteAddress(), version);
        ctx.fireUserEventTriggered(event);
        result.complete(event);
        ChannelPipeline pipeline = ctx.pipeline();
        removeIfPresent(pipeline, pipeline.get(HandshakeEncoder.class));
        pipeline.remove(this);
        removeIfPresent(pipeline, pipeline.get(HandshakeDecoder.class));
    }

    private static void removeIfPresent(ChannelPipeline pipeline, ChannelHandler handler) {
        if (handler != null) {
            pipeline.remove(handler);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
