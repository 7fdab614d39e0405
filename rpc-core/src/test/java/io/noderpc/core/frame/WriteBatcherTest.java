package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteBatcherTest {

    /** Counts flushes reaching the head of the pipeline. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    @Test
    void messagesQueuedTogetherLeaveInOrderWithOneFlush() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel ch = new EmbeddedChannel(counter);
        WriteBatcher batcher = new WriteBatcher(ch);
        List<ChannelFuture> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(batcher.writeAndFlush(Unpooled.buffer().writeInt(i)));
        }
        assertEquals(0, counter.flushes, "nothing is written before the event loop drains");
        ch.runPendingTasks();
        assertEquals(1, counter.flushes);
        for (int i = 0; i < 5; i++) {
            ByteBuf b = ch.readOutbound();
            assertEquals(i, b.readInt());
            b.release();
            assertTrue(futures.get(i).isSuccess());
        }
        batcher.writeAndFlush(Unpooled.buffer().writeInt(9));
        ch.runPendingTasks();
        assertEquals(2, counter.flushes, "a later message gets its own drain");
        ((ByteBuf) ch.readOutbound()).release();
        assertFalse(ch.finish());
    }

    @Test
    void aWriteAfterCloseFailsAndIsReleased() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WriteBatcher batcher = new WriteBatcher(ch);
        ch.close();
        ByteBuf msg = Unpooled.buffer().writeInt(1);
        ChannelFuture f = batcher.writeAndFlush(msg);
        ch.runPendingTasks();
        assertTrue(f.isDone() && !f.isSuccess());
        assertEquals(0, msg.refCnt());
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise);
            }
        });
        WriteBatcher batcher = new WriteBatcher(ch);
        int writers = 4;
        int each = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch done = new CountDownLatch(writers);
        for (int w = 0; w < writers; w++) {
            pool.execute(() -> {
                for (int i = 0; i < each; i++) {
                    batcher.writeAndFlush(Unpooled.buffer(4).writeInt(i));
                }
                done.countDown();
            });
        }
        int received = 0;
        while (received < writers * each) {
            ch.runPendingTasks();
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                b.release();
                received++;
            }
            if (done.getCount() == 0 && received < writers * each) {
                ch.runPendingTasks();
            }
            assertTrue(done.await(10, TimeUnit.SECONDS) || received < writers * each);
        }
        pool.shutdown();
        assertEquals(writers * each, received);
        assertFalse(ch.finish());
    }
}
