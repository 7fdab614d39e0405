package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * Decodes the bytes of an authenticated link into {@link Frame}s (layout on {@link Frame}). Sits right after the
 * handshake decoder, which hands it the stream once the handshake succeeded; before that, the handshake decoder's
 * messages just pass through it.
 *
 * <p>Errors, each closing the connection: {@link FrameTooLongException} (length prefix above
 * {@code maxFrameLength}, raised before the frame is buffered), {@link MalformedFrameException} (unknown type,
 * reserved flag bits, handshake message after the handshake, header fields running past the frame, invalid
 * UTF-8, empty names, payload on a control frame). Never uses Java serialization: headers are hand-written and the
 * payload stays opaque bytes.
 *
 * <p>On a link shared with a heartbeat, made with {@code emptyFramesAreTicks}, a frame of length 0 (a tick: four
 * zero bytes, {@link Frame#tick()}) is dropped silently; without it, such a frame is malformed, as on a data link.
 */
public final class FrameDecoder extends LengthPrefixedDecoder {

    /**
     * @param maxFrameLength the longest frame accepted, excluding the 4-byte length field; must cover the peer's
     *                       chunk size plus {@link Frame#MAX_HEADER_LENGTH}
     */
    public FrameDecoder(int maxFrameLength) {
        this(maxFrameLength, false);
    }

    /**
     * @param maxFrameLength the longest frame accepted, excluding the 4-byte length field; must cover the peer's
     *                       chunk size plus {@link Frame#MAX_HEADER_LENGTH}
     * @param emptyFramesAreTicks whether a frame of length 0 is a tick, dropped silently, rather than malformed
     */
    public FrameDecoder(int maxFrameLength, boolean emptyFramesAreTicks) {
        super(maxFrameLength, FrameFormat.MIN_BODY_LENGTH, emptyFramesAreTicks);
    }

    @Override
    protected void decodeBody(ChannelHandlerContext ctx, ByteBuf body, List<Object> out) {
        out.add(FrameFormat.read(body));
    }
}
