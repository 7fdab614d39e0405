package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Encodes {@link Frame}s into their wire layout (on {@link Frame}). Small payloads are copied behind the header
 * into one buffer; larger ones are written as a second buffer without copying. It enforces no size: the
 * {@link ChunkWriter} ahead of it keeps frames within the chunk size. Stateless and {@link Sharable}.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {

    /** Payloads up to this size are copied next to the header instead of being written separately. */
    static final int COPY_THRESHOLD = 1024;

    public FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf payload = frame.content();
        int payloadLength = payload.readableBytes();
        boolean copy = payloadLength <= COPY_THRESHOLD;
        ByteBuf header = ctx.alloc().buffer(FrameFormat.headerLength(frame) + (copy ? payloadLength : 0));
        try {
            FrameFormat.writeHeader(header, frame, payloadLength);
        } catch (RuntimeException e) {
            header.release();
            throw e;
        }
        if (copy) {
            header.writeBytes(payload, payload.readerIndex(), payloadLength);
            out.add(header);
        } else {
            out.add(header);
            out.add(payload.retain());
        }
    }
}
