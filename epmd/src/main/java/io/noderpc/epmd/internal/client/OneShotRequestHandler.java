package io.noderpc.epmd.internal.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.noderpc.epmd.EpmdProtocolException;

import java.util.concurrent.CompletableFuture;

/**
 * Runs one request on a fresh connection: sends it when the channel becomes active, gathers the
 * reply (bounded by {@code maxReplyBytes}) until its {@link ReplyParser} has a value or the daemon
 * closes, then completes the future and closes the channel. The reply must be complete within
 * {@code timeoutMillis} of the connection becoming active.
 *
 * @param <T> the reply value
 */
public final class OneShotRequestHandler<T> extends RequestHandler<T> {

    private final ReplyParser<T> parser;
    private final int maxReplyBytes;

    private ByteBuf received;

    public OneShotRequestHandler(byte[] request, ReplyParser<T> parser, CompletableFuture<T> result,
                                 long timeoutMillis, int maxReplyBytes) {
        super(request, result, timeoutMillis);
        this.parser = parser;
        this.maxReplyBytes = maxReplyBytes;
    }

    @Override
    String what() {
        return parser.requestName();
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

    @Override
    void fail(ChannelHandlerContext ctx, RuntimeException error) {
        if (!done) {
            finish(ctx);
            result.completeExceptionally(error);
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        done = true;
        cancelTimeout();
        if (received != null) {
            received.release();
            received = null;
        }
        ctx.channel().close();
    }
}
