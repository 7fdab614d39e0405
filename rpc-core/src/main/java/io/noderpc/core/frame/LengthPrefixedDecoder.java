package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames of {@code u32 length} + body, and hands each complete body to
 * {@link #decodeBody}. Shared by the frame decoder and the handshake decoder.
 *
 * <p>The length is checked as soon as its 4 bytes arrive: above {@code maxFrameLength} gives
 * {@link FrameTooLongException}, below the body minimum gives {@link MalformedFrameException}, before any of the
 * body is buffered beyond what already arrived. Nothing is allocated for a frame until it is complete; the body
 * passed on is a slice bounded to the frame.
 *
 * <p>A decoder made with {@code emptyFramesAreTicks} drops a frame whose length is 0 (four zero bytes: a heartbeat
 * tick, as on an Erlang distribution channel) without passing anything on; otherwise such a frame is below the
 * body minimum like any other.
 *
 * <p>On any decode error the decoder discards all further input, fires the exception (unwrapped: both exceptions
 * are {@code DecoderException}s) and closes the connection. Once the channel is closed, by this decoder or anyone
 * else, bytes still buffered are discarded rather than decoded. A connection closed in the middle of a frame is not
 * an error: the partial frame is dropped.
 */
public abstract class LengthPrefixedDecoder extends ByteToMessageDecoder {

    private final int maxFrameLength;
    private final int minBodyLength;
    private final boolean emptyFramesAreTicks;
    private boolean failed;

    /**
     * @param maxFrameLength the longest body accepted (bytes after the length field)
     * @param minBodyLength the shortest body accepted
     */
    protected LengthPrefixedDecoder(int maxFrameLength, int minBodyLength) {
        this(maxFrameLength, minBodyLength, false);
    }

    /**
     * @param maxFrameLength the longest body accepted (bytes after the length field)
     * @param minBodyLength the shortest body accepted
     * @param emptyFramesAreTicks whether a frame of length 0 is a tick, dropped silently, rather than malformed
     */
    protected LengthPrefixedDecoder(int maxFrameLength, int minBodyLength, boolean emptyFramesAreTicks) {
        if (maxFrameLength < minBodyLength) {
            throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " < minimum " + minBodyLength);
        }
        this.maxFrameLength = maxFrameLength;
        this.minBodyLength = minBodyLength;
        this.emptyFramesAreTicks = emptyFramesAreTicks;
        // Bodies are passed on as retained slices of what was read (chunks of a large message stay referenced
        // until the message is complete). The default merging cumulator must then copy everything still buffered
        // into a new buffer on every read; appending reads as components copies nothing.
        setCumulator(COMPOSITE_CUMULATOR);
    }

    /** The longest body accepted. */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** Whether frames of length 0 are ticks, dropped silently. */
    public boolean emptyFramesAreTicks() {
        return emptyFramesAreTicks;
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed || !ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes()); // after an error or a close, nothing more is decoded
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        try {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > maxFrameLength) {
                throw new FrameTooLongException(length, maxFrameLength);
            }
            if (length == 0 && emptyFramesAreTicks) {
                in.skipBytes(4); // a tick: it kept the connection busy, there is nothing to decode
                return;
            }
            if (length < minBodyLength) {
                throw new MalformedFrameException("frame of " + length + " bytes is shorter than the "
                        + minBodyLength + "-byte minimum");
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            decodeBody(ctx, in.readSlice((int) length), out);
        } catch (RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /**
     * Decodes one complete body. {@code body} is bounded to the frame; retain what outlives the call (e.g. with
     * {@code readRetainedSlice}).
     *
     * @throws MalformedFrameException if the body breaks the format
     */
    protected abstract void decodeBody(ChannelHandlerContext ctx, ByteBuf body, List<Object> out);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
        if (failed) {
            ctx.close();
        }
    }

    /** Whether a decode error occurred; the decoder then ignores all input. */
    protected final boolean hasFailed() {
        return failed;
    }
}
