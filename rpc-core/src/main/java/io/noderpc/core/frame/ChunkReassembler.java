package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;

/**
 * Reassembles messages that a peer's {@link ChunkWriter} split into a FRAGMENTED frame and CHUNK frames, and passes
 * every other frame through untouched. A reassembled message goes on as one {@link Frame} of its original type and
 * header, whose payload is a composite of the received pieces (no copy).
 *
 * <p>Requests and answers are separate id spaces ({@link Frame}): a chunked answer (REPLY, ERROR; its CHUNKs flagged
 * ANSWER) and a chunked request with the same id are reassembled apart, so on a link where both peers send requests
 * a peer's request 5 and the answer to our request 5 may interleave.
 *
 * <p>Bounds, each checked when a first fragment announces its total size, before anything is buffered for it:
 * <ul>
 *   <li>{@code maxMessageSize}: the largest message accepted;</li>
 *   <li>{@code maxReassemblyBytes}: the sum of the announced sizes of all messages in reassembly on this link;</li>
 *   <li>{@code maxMessagesInReassembly}: how many messages may be in reassembly at once.</li>
 * </ul>
 * Exceeding one raises {@link MessageTooLargeException}. A CHUNK for no message in reassembly, a second first
 * fragment for an id, an empty CHUNK, or chunks whose sizes do not add up to the announced total raise
 * {@link MalformedFrameException}. Either way the handler fires the exception, releases everything it holds and
 * closes the connection; it also releases everything when the channel closes. Not sharable.
 */
public final class ChunkReassembler extends ChannelInboundHandlerAdapter {

    /** Default of {@code maxMessagesInReassembly}. */
    public static final int DEFAULT_MAX_MESSAGES_IN_REASSEMBLY = 1024;

    private final int maxMessageSize;
    private final long maxReassemblyBytes;
    private final int maxMessagesInReassembly;
    /** Requests in reassembly, by id. */
    private final LongObjectMap<Partial> requests = new LongObjectHashMap<>();
    /** Answers in reassembly, by id: another id space. */
    private final LongObjectMap<Partial> answers = new LongObjectHashMap<>();
    private long reservedBytes;
    private boolean failed;

    /**
     * @param maxMessageSize the largest message accepted, in payload bytes
     * @param maxReassemblyBytes the most payload bytes announced by messages in reassembly at once on this link
     * @param maxMessagesInReassembly the most messages in reassembly at once on this link
     */
    public ChunkReassembler(int maxMessageSize, long maxReassemblyBytes, int maxMessagesInReassembly) {
        if (maxMessageSize < 1 || maxReassemblyBytes < maxMessageSize || maxMessagesInReassembly < 1) {
            throw new IllegalArgumentException("need 1 <= maxMessageSize (" + maxMessageSize
                    + ") <= maxReassemblyBytes (" + maxReassemblyBytes + ") and maxMessagesInReassembly ("
                    + maxMessagesInReassembly + ") >= 1");
        }
        this.maxMessageSize = maxMessageSize;
        this.maxReassemblyBytes = maxReassemblyBytes;
        this.maxMessagesInReassembly = maxMessagesInReassembly;
    }

    /** The sum of the announced sizes of the messages now in reassembly. */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** How many messages are now in reassembly. */
    public int messagesInReassembly() {
        return requests.size() + answers.size();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof Frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Frame frame = (Frame) msg;
        try {
            if (frame.isFragmented()) {
                start(ctx, frame);
            } else if (frame.type() == FrameType.CHUNK) {
                Frame complete = append(frame);
                if (complete != null) {
                    ctx.fireChannelRead(complete);
                }
            } else {
                ctx.fireChannelRead(frame);
            }
        } catch (DecoderException e) {
            failed = true;
            releaseAll();
            ctx.fireExceptionCaught(e);
            ctx.close();
        }
    }

    private void start(ChannelHandlerContext ctx, Frame first) {
        long total = first.totalLength();
        long id = first.id();
        boolean answer = first.type().isAnswer();
        LongObjectMap<Partial> partials = answer ? answers : requests;
        String refused = null;
        if (total > maxMessageSize) {
            refused = first.type() + " message " + id + " of " + total + " bytes exceeds maxMessageSize ("
                    + maxMessageSize + " bytes); send smaller messages or raise noderpc.maxMessageSize on the receiver";
        } else if (messagesInReassembly() >= maxMessagesInReassembly) {
            refused = "more than " + maxMessagesInReassembly + " chunked messages in reassembly at once on this link";
        } else if (reservedBytes + total > maxReassemblyBytes) {
            refused = first.type() + " message " + id + " of " + total + " bytes would bring the chunked messages"
                    + " in reassembly on this link to " + (reservedBytes + total) + " bytes, above maxReassemblyBytes ("
                    + maxReassemblyBytes + "); raise noderpc.maxReassemblyBytes on the receiver";
        }
        if (refused != null) {
            first.release();
            throw new MessageTooLargeException(refused);
        }
        if (partials.containsKey(id)) {
            first.release();
            throw new MalformedFrameException("second first fragment for " + what(answer, id) + " in reassembly");
        }
        CompositeByteBuf buffer = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        ByteBuf content = first.content();
        Frame header = first.replace(Unpooled.EMPTY_BUFFER);
        buffer.addComponent(true, content); // takes over first's reference
        partials.put(id, new Partial(header, total, buffer));
        reservedBytes += total;
    }

    private Frame append(Frame chunk) {
        long id = chunk.id();
        boolean answer = chunk.isAnswerChunk();
        LongObjectMap<Partial> partials = answer ? answers : requests;
        Partial partial = partials.get(id);
        int length = chunk.content().readableBytes();
        String what = what(answer, id);
        String malformed = null;
        if (partial == null) {
            malformed = "CHUNK for " + what + ", which is not in reassembly";
        } else if (length == 0) {
            malformed = "empty CHUNK for " + what;
        } else if (partial.buffer.readableBytes() + (long) length > partial.total) {
            malformed = "chunks of " + what + " exceed its announced " + partial.total + " bytes";
        } else if (!chunk.isLast() && partial.buffer.readableBytes() + length == partial.total) {
            malformed = what + " reached its announced " + partial.total + " bytes without a LAST chunk";
        } else if (chunk.isLast() && partial.buffer.readableBytes() + length != partial.total) {
            malformed = "LAST chunk of " + what + " leaves it at " + (partial.buffer.readableBytes() + length)
                    + " of its announced " + partial.total + " bytes";
        }
        if (malformed != null) {
            chunk.release();
            throw new MalformedFrameException(malformed);
        }
        partial.buffer.addComponent(true, chunk.content()); // takes over chunk's reference
        if (!chunk.isLast()) {
            return null;
        }
        partials.remove(id);
        reservedBytes -= partial.total;
        return partial.header.reassembled(partial.buffer);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
    }

    /** How errors name a message: requests are "message N", answers "answer N" (another id space). */
    private static String what(boolean answer, long id) {
        return (answer ? "answer " : "message ") + id;
    }

    private void releaseAll() {
        releaseAll(requests);
        releaseAll(answers);
        reservedBytes = 0;
    }

    private static void releaseAll(LongObjectMap<Partial> partials) {
        for (Partial partial : partials.values()) {
            partial.buffer.release();
        }
        partials.clear();
    }

    private static final class Partial {
        final Frame header;
        final long total;
        final CompositeByteBuf buffer;

        Partial(Frame header, long total, CompositeByteBuf buffer) {
            this.header = header;
            this.total = total;
            this.buffer = buffer;
        }
    }
}
