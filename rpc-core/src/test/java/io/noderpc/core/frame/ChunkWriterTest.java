package io.noderpc.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkWriterTest {

    private static ByteBuf bytes(int n) {
        ByteBuf b = Unpooled.buffer(n);
        for (int i = 0; i < n; i++) {
            b.writeByte(i);
        }
        return b;
    }

    /** Runs the writer's continuation tasks until it has nothing left, then returns everything written. */
    private static List<Frame> drain(EmbeddedChannel ch) {
        List<Frame> out = new ArrayList<>();
        do {
            ch.runPendingTasks();
            for (Frame f; (f = ch.readOutbound()) != null; ) {
                out.add(f);
            }
        } while (ch.hasPendingTasks());
        return out;
    }

    @Test
    void smallFramesPassThroughUntouched() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkWriter(16));
        Frame frame = Frame.call(1, "s", "f", 0, bytes(16));
        ch.writeOutbound(frame);
        assertTrue(frame == ch.readOutbound());
        frame.release();
        assertFalse(ch.finish());
    }

    @Test
    void largeMessageIsSplitIntoAFirstFragmentAndChunks() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkWriter(10));
        ByteBuf payload = bytes(25);
        ChannelFuture written = ch.writeAndFlush(Frame.reply(9, payload));
        List<Frame> out = drain(ch);
        assertEquals(3, out.size());
        Frame first = out.get(0);
        assertEquals(FrameType.REPLY, first.type());
        assertTrue(first.isFragmented());
        assertEquals(25, first.totalLength());
        assertEquals(10, first.content().readableBytes());
        assertEquals(FrameType.CHUNK, out.get(1).type());
        assertFalse(out.get(1).isLast());
        assertTrue(out.get(1).isAnswerChunk() && out.get(2).isAnswerChunk(), "a REPLY's chunks are flagged ANSWER");
        assertEquals(10, out.get(1).content().getByte(0));
        assertEquals(FrameType.CHUNK, out.get(2).type());
        assertTrue(out.get(2).isLast());
        assertEquals(5, out.get(2).content().readableBytes());
        out.forEach(f -> assertEquals(9, f.id()));
        assertTrue(written.isSuccess());
        FrameTestSupport.releaseAll(out);
        assertEquals(0, payload.refCnt());
        assertFalse(ch.finish());
    }

    /**
     * Stands for a socket whose send buffer fills up: after every {@code every} frames it makes the channel
     * unwritable, until {@link #drain} empties the "socket".
     */
    private static final class SlowSocket extends ChannelOutboundHandlerAdapter {
        private final int every;
        private int written;

        SlowSocket(int every) {
            this.every = every;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg, promise);
            if (++written % every == 0) {
                ctx.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            }
        }

        static void drain(EmbeddedChannel ch) {
            ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            ch.runPendingTasks(); // the writability change is delivered as a task
        }
    }

    @Test
    void smallFrameWrittenAfterA64MegabyteMessageOvertakesIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new SlowSocket(8), new ChunkWriter(ChunkWriter.DEFAULT_CHUNK_SIZE));
        ByteBuf big = Unpooled.wrappedBuffer(new byte[64 << 20]);
        ChannelFuture bigWritten = ch.writeAndFlush(Frame.cast(1, "bulk", "store", big));
        assertFalse(bigWritten.isDone(), "the socket is full after 8 chunks");
        ChannelFuture smallWritten = ch.writeAndFlush(Frame.call(2, "math", "add", 1000, bytes(8)));
        assertTrue(smallWritten.isSuccess(), "the small frame does not wait for the large message");
        List<Frame> out = new ArrayList<>();
        while (!bigWritten.isDone()) {
            for (Frame f; (f = ch.readOutbound()) != null; ) {
                out.add(f);
            }
            SlowSocket.drain(ch);
        }
        out.addAll(drain(ch));
        assertTrue(bigWritten.isSuccess());
        int small = -1;
        int lastChunk = -1;
        int chunks = 0;
        for (int i = 0; i < out.size(); i++) {
            Frame f = out.get(i);
            if (f.id() == 2) {
                small = i;
            } else {
                chunks++;
                if (f.isLast()) {
                    lastChunk = i;
                }
            }
        }
        assertEquals(1024, chunks);
        assertEquals(8, small, "the small frame goes out right after the chunks already in the socket");
        assertEquals(1024, lastChunk);
        FrameTestSupport.releaseAll(out);
        assertEquals(0, big.refCnt());
        assertFalse(ch.finish());
    }

    @Test
    void largeMessagesTakeTurns() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkWriter(4));
        ch.write(Frame.cast(1, "s", "f", bytes(12)));
        ch.write(Frame.cast(2, "s", "f", bytes(12)));
        ch.flush();
        List<Frame> out = drain(ch);
        long[] ids = out.stream().mapToLong(Frame::id).toArray();
        assertEquals("[1, 2, 1, 2, 1, 2]", java.util.Arrays.toString(ids));
        assertTrue(out.get(4).isLast() && out.get(5).isLast());
        assertTrue(out.stream().noneMatch(Frame::isAnswerChunk), "a request's chunks are not flagged ANSWER");
        FrameTestSupport.releaseAll(out);
        assertFalse(ch.finish());
    }

    @Test
    void orderedCastsNeverOvertakeEachOther() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkWriter(4));
        ch.write(Frame.orderedCast(1, "s", "f", bytes(12)));
        ch.write(Frame.orderedCast(2, "s", "f", bytes(2)));
        ch.write(Frame.cast(3, "s", "f", bytes(2)));
        ch.flush();
        List<Frame> out = drain(ch);
        long[] ids = out.stream().mapToLong(Frame::id).toArray();
        assertEquals("[3, 1, 1, 1, 2]", java.util.Arrays.toString(ids));
        FrameTestSupport.releaseAll(out);
        // with the ordered lane empty again, a small ordered cast goes straight out
        ch.writeOutbound(Frame.orderedCast(4, "s", "f", bytes(2)));
        Frame direct = ch.readOutbound();
        assertEquals(4, direct.id());
        direct.release();
        assertFalse(ch.finish());
    }

    @Test
    void waitsWhileTheChannelIsNotWritable() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkWriter(4));
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ChannelFuture written = ch.writeAndFlush(Frame.cast(1, "s", "f", bytes(12)));
        assertTrue(drain(ch).isEmpty());
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        List<Frame> out = drain(ch); // runs the writability change
        assertEquals(3, out.size());
        assertTrue(written.isSuccess());
        FrameTestSupport.releaseAll(out);
        assertFalse(ch.finish());
    }

    @Test
    void closingFailsAndReleasesWaitingMessages() {
        EmbeddedChannel ch = new EmbeddedChannel(new SlowSocket(5), new ChunkWriter(4));
        ByteBuf payload = bytes(4 * 20);
        ChannelFuture written = ch.writeAndFlush(Frame.cast(1, "s", "f", payload));
        List<Frame> partial = new ArrayList<>();
        for (Frame f; (f = ch.readOutbound()) != null; ) {
            partial.add(f);
        }
        assertEquals(5, partial.size());
        ch.close();
        assertNotNull(written.cause());
        assertInstanceOf(ClosedChannelException.class, written.cause());
        FrameTestSupport.releaseAll(partial);
        assertEquals(0, payload.refCnt());
        assertFalse(ch.finish());
    }

    @Test
    void nonFrameMessagesPassThrough() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkWriter(4));
        ByteBuf raw = bytes(100);
        ch.writeOutbound(raw);
        assertTrue(raw == ch.readOutbound());
        raw.release();
        assertFalse(ch.finish());
    }
}
