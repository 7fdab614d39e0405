package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * Splits messages larger than the chunk size into fragments and interleaves them with other traffic, so that a
 * small call is never stuck behind a large message on the same link.
 *
 * <p>Outbound {@link Frame}s whose payload fits in {@code chunkSize} bytes pass straight through, ahead of any
 * chunks still waiting. A larger message is queued; on flush, its first {@code chunkSize} bytes go out as a
 * FRAGMENTED frame with its own header and total length, the rest as CHUNK frames with its id, the final one
 * flagged LAST; the CHUNKs of an answer (REPLY, ERROR) are also flagged ANSWER, as answers and requests are
 * separate id spaces ({@link Frame}). Waiting messages take turns one chunk at a time (round robin). Chunks are written only while the
 * channel is writable, and at most {@value #CHUNKS_PER_TURN} per event-loop turn: the rest continue in a later task
 * or when the channel becomes writable again, so small frames written meanwhile overtake them.
 *
 * <p>ORDERED_CAST frames never overtake each other: while an ordered message is being chunked, later ordered casts,
 * however small, queue behind it on one shared lane.
 *
 * <p>The write promise of a large message completes when its last chunk is written, and fails if any chunk fails.
 * When the channel closes or the handler is removed, waiting messages are released and their promises failed with
 * {@link ClosedChannelException}. Not sharable; all methods run on the event loop.
 */
public final class ChunkWriter extends ChannelDuplexHandler {

    /** The default chunk size, 64 KiB. */
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    /** The most chunks written in one event-loop turn. */
    public static final int CHUNKS_PER_TURN = 16;

    private final int chunkSize;
    private final ArrayDeque<Lane> lanes = new ArrayDeque<>();
    private Lane orderedLane;
    private boolean resumeScheduled;

    /** @param chunkSize the largest payload sent in one frame, at least 1 */
    public ChunkWriter(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1: " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    /** The number of messages waiting to be (completely) written. */
    public int pendingMessages() {
        int count = 0;
        for (Lane lane : lanes) {
            count += lane.items.size();
        }
        return count;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Frame)) {
            ctx.write(msg, promise);
            return;
        }
        Frame frame = (Frame) msg;
        boolean ordered = frame.type() == FrameType.ORDERED_CAST;
        if (ordered && orderedLane != null) {
            orderedLane.items.addLast(new Item(frame, promise));
            return;
        }
        if (!frame.type().isMessage() || frame.content().readableBytes() <= chunkSize) {
            ctx.write(frame, promise);
            return;
        }
        Lane lane = new Lane();
        lane.items.addLast(new Item(frame, promise));
        if (ordered) {
            orderedLane = lane;
        }
        lanes.addLast(lane);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeChunks(ctx);
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            writeChunks(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discardAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discardAll();
    }

    private void writeChunks(ChannelHandlerContext ctx) {
        int budget = CHUNKS_PER_TURN;
        while (!lanes.isEmpty() && ctx.channel().isWritable()) {
            if (budget-- == 0) {
                scheduleResume(ctx);
                return;
            }
            Lane lane = lanes.pollFirst();
            lane.writeNext(ctx);
            if (lane.items.isEmpty()) {
                if (lane == orderedLane) {
                    orderedLane = null;
                }
            } else {
                lanes.addLast(lane);
            }
            ctx.flush();
        }
    }

    private void scheduleResume(ChannelHandlerContext ctx) {
        if (resumeScheduled) {
            return;
        }
        resumeScheduled = true;
        ctx.executor().execute(() -> {
            resumeScheduled = false;
            if (!ctx.isRemoved()) {
                writeChunks(ctx);
            }
        });
    }

    private void discardAll() {
        ClosedChannelException closed = new ClosedChannelException();
        for (Lane lane : lanes) {
            for (Item item : lane.items) {
                item.fail(closed);
            }
        }
        lanes.clear();
        orderedLane = null;
    }

    /** Messages that go out in order; one per large unordered message, one shared by ordered casts. */
    private final class Lane {
        final ArrayDeque<Item> items = new ArrayDeque<>(2);

        void writeNext(ChannelHandlerContext ctx) {
            Item item = items.peekFirst();
            if (item.done) {
                items.pollFirst(); // a chunk of it failed
                return;
            }
            ByteBuf payload = item.frame.content();
            int length = payload.readableBytes();
            if (item.sent == 0 && length <= chunkSize) {
                items.pollFirst();
                ctx.write(item.frame, item.promise);
                return;
            }
            int n = Math.min(chunkSize, length - item.sent);
            ByteBuf slice = payload.retainedSlice(payload.readerIndex() + item.sent, n);
            boolean first = item.sent == 0;
            item.sent += n;
            boolean last = item.sent == length;
            Frame out = first ? item.frame.firstFragment(length, slice)
                    : Frame.chunk(item.frame.id(), item.frame.type().isAnswer(), last, slice);
            if (last) {
                items.pollFirst();
                item.done = true;
                item.frame.release();
                ctx.write(out, item.promise);
            } else {
                ctx.write(out).addListener(f -> {
                    if (!f.isSuccess()) {
                        item.fail(f.cause());
                    }
                });
            }
        }
    }

    /** One message waiting, with how much of its payload was sent. */
    private static final class Item {
        final Frame frame;
        final ChannelPromise promise;
        int sent;
        /** Its last chunk was handed on, or it failed: the frame is released. */
        boolean done;

        Item(Frame frame, ChannelPromise promise) {
            this.frame = frame;
            this.promise = promise;
        }

        void fail(Throwable cause) {
            if (!done) {
                done = true;
                frame.release();
                promise.tryFailure(cause);
            }
        }
    }
}
