package io.noderpc.core.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link HandshakeMessage}s (layout on {@link HandshakeDecoder}). Removed with the handshake handler when
 * the handshake succeeds. Stateless and {@link Sharable}.
 */
@ChannelHandler.Sharable
public final class HandshakeEncoder extends MessageToByteEncoder<HandshakeMessage> {

    public HandshakeEncoder() {
        super(HandshakeMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, HandshakeMessage message, ByteBuf out) {
        HandshakeFormat.write(message, out);
    }
}
