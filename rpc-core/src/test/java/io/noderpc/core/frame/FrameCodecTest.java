package io.noderpc.core.frame;

import static io.noderpc.core.frame.FrameTestSupport.decode;
import static io.noderpc.core.frame.FrameTestSupport.encode;
import static io.noderpc.core.frame.FrameTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void callHasTheDocumentedLayout() {
        ByteBuf bytes = encode(Frame.call(7, "math", "add", 5000, utf8("xy")));
        String hex = ByteBufUtil.hexDump(bytes);
        bytes.release();
        // length 25 | CALL | flags 0 | id 7 | timeout 5000 | str8 "math" | str8 "add" | "xy"
        assertEquals("00000019" + "10" + "00" + "0000000000000007" + "00001388" + "046d617468" + "03616464" + "7879",
                hex);
    }

    @Test
    void everyTypeRoundTrips() {
        List<Frame> frames = decode(encode(
                Frame.call(1, "svc", "fn", 0xFFFF_FFFFL, utf8("args")),
                Frame.cast(2, "svc", "fn", utf8("c")),
                Frame.orderedCast(3, "svc", "fn", Unpooled.EMPTY_BUFFER),
                Frame.reply(4, utf8("result")),
                Frame.error(5, utf8("err")),
                Frame.abcast(6, "mailbox", utf8("m")),
                Frame.sbcast(7, "mailbox", utf8("m")),
                Frame.sbcastReply(8, true),
                Frame.sbcastReply(9, false),
                Frame.cancel(10),
                Frame.ping(Long.MIN_VALUE),
                Frame.pong(-1)));
        assertEquals(12, frames.size());
        Frame call = frames.get(0);
        assertEquals(FrameType.CALL, call.type());
        assertEquals(1, call.id());
        assertEquals("svc", call.service());
        assertEquals("fn", call.function());
        assertEquals(0xFFFF_FFFFL, call.timeoutMillis());
        assertEquals("args", call.content().toString(StandardCharsets.UTF_8));
        assertEquals(FrameType.CAST, frames.get(1).type());
        assertEquals(FrameType.ORDERED_CAST, frames.get(2).type());
        assertEquals(0, frames.get(2).content().readableBytes());
        assertEquals("result", frames.get(3).content().toString(StandardCharsets.UTF_8));
        assertEquals(FrameType.ERROR, frames.get(4).type());
        assertEquals("mailbox", frames.get(5).name());
        assertNull(frames.get(5).service());
        assertEquals(FrameType.SBCAST, frames.get(6).type());
        assertTrue(frames.get(7).delivered());
        assertFalse(frames.get(8).delivered());
        assertEquals(FrameType.CANCEL, frames.get(9).type());
        assertEquals(Long.MIN_VALUE, frames.get(10).id());
        assertEquals(FrameType.PONG, frames.get(11).type());
        FrameTestSupport.releaseAll(frames);
    }

    @Test
    void largePayloadIsWrittenWithoutCopyAndUnicodeNamesSurvive() {
        byte[] payload = new byte[FrameEncoder.COPY_THRESHOLD * 4];
        payload[payload.length - 1] = 42;
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder());
        ch.writeOutbound(Frame.cast(1, "сервис", "函数", Unpooled.wrappedBuffer(payload)));
        ByteBuf header = ch.readOutbound();
        ByteBuf body = ch.readOutbound();
        assertEquals(payload.length, body.readableBytes());
        ByteBuf all = Unpooled.wrappedBuffer(header, body);
        List<Frame> frames = decode(all);
        assertEquals("сервис", frames.get(0).service());
        assertEquals("函数", frames.get(0).function());
        assertEquals(42, frames.get(0).content().getByte(payload.length - 1));
        FrameTestSupport.releaseAll(frames);
        assertFalse(ch.finish());
    }

    @Test
    void decodesFramesDeliveredOneByteAtATime() {
        ByteBuf bytes = encode(Frame.call(1, "s", "f", 10, utf8("abc")), Frame.ping(2));
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameTestSupport.MAX));
        while (bytes.isReadable()) {
            ch.writeInbound(bytes.readRetainedSlice(1));
        }
        bytes.release();
        Frame call = ch.readInbound();
        Frame ping = ch.readInbound();
        assertEquals("abc", call.content().toString(StandardCharsets.UTF_8));
        assertEquals(FrameType.PING, ping.type());
        call.release();
        ping.release();
        assertFalse(ch.finish());
    }

    @Test
    void factoriesValidateNames() {
        assertThrows(IllegalArgumentException.class, () -> Frame.call(1, "", "f", 0, Unpooled.EMPTY_BUFFER));
        assertThrows(IllegalArgumentException.class, () -> Frame.cast(1, "s", "f\n", Unpooled.EMPTY_BUFFER));
        assertThrows(IllegalArgumentException.class, () -> Frame.abcast(1, "x".repeat(256), Unpooled.EMPTY_BUFFER));
        assertThrows(IllegalArgumentException.class, () -> Frame.call(1, "s", "f", -1, Unpooled.EMPTY_BUFFER));
        assertThrows(NullPointerException.class, () -> Frame.reply(1, null));
    }

    @Test
    void framesKeepTheirTypeWhenDuplicated() {
        Frame frame = Frame.call(3, "s", "f", 1, utf8("x"));
        Frame dup = frame.retainedDuplicate();
        assertEquals(FrameType.CALL, dup.type());
        assertEquals("f", dup.function());
        assertTrue(dup.toString().contains("CALL id=3 s:f"), dup.toString());
        dup.release();
        frame.release();
    }
}
