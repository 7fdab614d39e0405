package io.noderpc.core.frame;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encoding and decoding frames through real handlers, for tests. */
final class FrameTestSupport {

    static final int MAX = 1 << 20;

    private FrameTestSupport() {
    }

    static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** The wire bytes of {@code frames} (released). */
    static ByteBuf encode(Frame... frames) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder());
        for (Frame frame : frames) {
            ch.writeOutbound(frame);
        }
        CompositeByteBuf out = Unpooled.compositeBuffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.addComponent(true, b);
        }
        assertFalse(ch.finish());
        ByteBuf copy = Unpooled.buffer(out.readableBytes()).writeBytes(out);
        out.release();
        return copy;
    }

    /** Decodes {@code bytes} (released), returning the frames; the caller releases them. */
    static List<Frame> decode(ByteBuf bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ch.writeInbound(bytes);
        List<Frame> frames = new ArrayList<>();
        for (Frame f; (f = ch.readInbound()) != null; ) {
            frames.add(f);
        }
        ch.finishAndReleaseAll();
        return frames;
    }

    static void releaseAll(List<? extends io.netty.util.ReferenceCounted> objects) {
        objects.forEach(io.netty.util.ReferenceCounted::release);
    }
}
