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

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            if (check == null) {
                check = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } else {
            cancel();
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
