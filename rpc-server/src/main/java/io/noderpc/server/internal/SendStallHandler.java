package io.noderpc.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a link whose writes make no progress for {@code sendTimeout} (gen_rpc's {@code send_timeout} with
 * {@code send_timeout_close}): the channel went unwritable (its outbound buffer above the high water mark) and
 * stayed so that long, i.e. the peer stopped reading its answers. Answers hold in-flight permits until written, so
 * such a peer would otherwise hold them forever. Not sharable.
 */
public final class SendStallHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SendStallHandler.class);

    private final long timeoutNanos;
    private ScheduledFuture<?> check;

    public SendStallHandler(Duration sendTimeout) {
        this.timeoutNanos = sendTimeout.toNanos();
    }

    /**
     * Any change restarts the watch: the channel turned writable since it was armed, so the socket took bytes. The
     * channel may well look unwritable again by the time the event gets here, as a handler before this one (the
     * chunk writer) refills the buffer as soon as it drains; that is progress, not a stall.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        cancel();
        if (!ctx.channel().isWritable()) {
            check = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void expire(ChannelHandlerContext ctx) {
        check = null;
        if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
            log.warn("closing the link from {}: it has not read its answers for {} ms (sendTimeout); {} bytes wait"
                    + " to be written", ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                    ctx.channel().bytesBeforeWritable());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
