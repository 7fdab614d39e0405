package io.noderpc.epmd.internal.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.noderpc.epmd.EpmdConnectException;
import io.noderpc.epmd.EpmdProtocolException;
import io.noderpc.epmd.EpmdTimeoutException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one request on a fresh connection: sends it when the channel becomes active, gathers the
 * reply (bounded by {@code maxReplyBytes}) until its {@link ReplyParser} has a value or the daemon
 * closes, then completes the future and closes the channel. The reply must be complete within
 * {@code timeoutMillis} of the connection becoming active.
 *
 * @param <T> the reply value
 */
public final class OneShotRequestHandler<T> extends ChannelInboundHandlerAdapter {

    private final byte[] request;
    private final ReplyParser<T> parser;
    private final CompletableFuture<T> result;
    private final long timeoutMillis;
    private final int maxReplyBytes;

    private ByteBuf received;
    private ScheduledFuture<?> timeout;
    private boolean done;

    public OneShotRequestHandler(byte[] request, ReplyParser<T> parser, CompletableFuture<T> result,
                                 long timeoutMillis, int maxReplyBytes) {
        this.request = request;
        this.parser = parser;
        this.result = result;
        this.timeoutMillis = timeoutMillis;
        this.maxReplyBytes = maxReplyBytes;
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
        if (timeout != null || done) {
            return;
        }
        timeout = ctx.executor().schedule(() -> fail(ctx, new EpmdTimeoutException("no complete reply to "
                + parser.requestName() + " from epmd at " + peer(ctx) + " within "
                + timeoutMillis + " ms")), timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(ctx, new EpmdConnectException("cannot send " + parser.requestName() + " to epmd at "
                        + peer(ctx) + ": " + f.cause(), f.cause()));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (done) {
                return;
            }
            if (received == null) {
                // allocated only once bytes arrive: a connection that never became active holds nothing
                received = ctx.alloc().buffer(Math.min(maxReplyBytes, Math.max(64, in.readableBytes())));
            }
            if (received.readableBytes() + in.readableBytes() > maxReplyBytes) {
                fail(ctx, new EpmdProtocolException("reply to " + parser.requestName() + " from epmd at "
                        + peer(ctx) + " is longer than " + maxReplyBytes + " bytes", new byte[0]));
                return;
            }
            received.writeBytes(in);
        } finally {
            ReferenceCountUtil.release(in);
        }
        parse(ctx, false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            parse(ctx, true);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new EpmdConnectException("connection to epmd at " + peer(ctx)
                + " failed during " + parser.requestName() + ": " + cause, cause));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish(ctx);
    }

    private void parse(ChannelHandlerContext ctx, boolean eof) {
        if (received == null) {
            received = Unpooled.EMPTY_BUFFER;
        }
        T value;
        try {
            value = parser.parse(received, eof);
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        if (value != null) {
            finish(ctx);
            result.complete(value);
        } else if (eof) {
            fail(ctx, ReplyParsers.malformed(parser, "epmd closed the connection before the reply was complete",
                    received));
        }
    }

    private void fail(ChannelHandlerContext ctx, RuntimeException error) {
        if (!done) {
            finish(ctx);
            result.completeExceptionally(error);
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (received != null) {
            received.release();
            received = null;
        }
        ctx.channel().close();
    }

    private static String peer(ChannelHandlerContext ctx) {
        return EpmdConnector.format(ctx.channel().remoteAddress());
    }
}
