package io.noderpc.core.frame;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes from any thread to one channel, with one flush per batch: messages queue here, and a
 * single task on the channel's event loop writes everything queued and flushes once. Many workers
 * answering on one link then share a {@code write} system call instead of paying one each, and a
 * lone writer pays one extra task hop on the event loop.
 *
 * <p>Order is the order of {@link #writeAndFlush} calls (per thread, and as the queue orders
 * concurrent calls). A message written after the channel closed fails its future and is released.
 */
public final class WriteBatcher {

    private final Channel channel;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    private record Pending(Object message, ChannelPromise promise) {
    }

    public WriteBatcher(Channel channel) {
        this.channel = channel;
    }

    /** Queues {@code message} for writing; the future completes when it is written (or fails). */
    public ChannelFuture writeAndFlush(Object message) {
        ChannelPromise promise = channel.newPromise();
        queue.offer(new Pending(message, promise));
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drain);
            } catch (RejectedExecutionException e) {
                failAll(e);
            }
        }
        return promise;
    }

    private void drain() {
        for (;;) {
            boolean wrote = false;
            for (Pending p; (p = queue.poll()) != null; ) {
                channel.write(p.message, p.promise);
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
            scheduled.set(false);
            // A writer that queued after the last poll but saw "scheduled" still set relies on us.
            if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void failAll(Throwable cause) {
        scheduled.set(false);
        for (Pending p; (p = queue.poll()) != null; ) {
            ReferenceCountUtil.release(p.message);
            p.promise.tryFailure(cause);
        }
    }
}
