package io.noderpc.epmd.internal.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.noderpc.epmd.EpmdConnectException;
import io.noderpc.epmd.EpmdTimeoutException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What every EPMD request connection does, whatever its reply: once the channel is active, arm the
 * reply timeout and send the request bytes; a send failure or the timeout fails the future. The
 * subclass reads the reply and completes or fails {@link #result}.
 *
 * @param <T> the reply value
 */
abstract class RequestHandler<T> extends ChannelInboundHandlerAdapter {

    private final byte[] request;
    final CompletableFuture<T> result;
    private final long timeoutMillis;
    private ScheduledFuture<?> timeout;
    /** The future is decided (or about to be); later events only clean up. */
    boolean done;

    RequestHandler(byte[] request, CompletableFuture<T> result, long timeoutMillis) {
        this.request = request;
        this.result = result;
        this.timeoutMillis = timeoutMillis;
    }

    /** The request for messages, e.g. {@code NAMES_REQ} or {@code ALIVE2_REQ for 'foo'}. */
    abstract String what();

    /** Fails the future with {@code error} (once) and closes the channel. */
    abstract void fail(ChannelHandlerContext ctx, RuntimeException error);

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
                + what() + " from epmd at " + peer(ctx) + " within " + timeoutMillis + " ms")),
                timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(ctx, new EpmdConnectException("cannot send " + what() + " to epmd at " + peer(ctx) + ": "
                        + f.cause(), f.cause()));
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new EpmdConnectException("connection to epmd at " + peer(ctx) + " failed during " + what()
                + ": " + cause, cause));
    }

    final void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    static String peer(ChannelHandlerContext ctx) {
        return EpmdConnector.format(ctx.channel().remoteAddress());
    }
}
