package io.noderpc.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bad input: each case must fail with the documented exception, close the channel and leak nothing. */
class FrameDecoderTest {

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @Test
    void truncatedFrameYieldsNothingAndNoError() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf in = hex("00000018 10 00 0000000000000007 00001388 046d61");
        assertFalse(ch.writeInbound(in));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void oversizedLengthIsRejectedOnThePrefixAlone() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        FrameTooLongException e = assertThrows(FrameTooLongException.class,
                () -> ch.writeInbound(hex("00000401")));
        assertEquals(1025, e.length());
        assertEquals(1024, e.maxLength());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void lengthAboveTwoGigabytesIsTooLongNotNegative() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        FrameTooLongException e = assertThrows(FrameTooLongException.class, () -> ch.writeInbound(hex("ffffffff")));
        assertEquals(0xFFFF_FFFFL, e.length());
        assertFalse(ch.finish());
    }

    /** A frame with the length prefix computed from {@code body}. */
    private static ByteBuf frame(String body) {
        ByteBuf b = hex(body);
        return Unpooled.wrappedBuffer(Unpooled.buffer(4).writeInt(b.readableBytes()), b);
    }

    @Test
    void aBodySplitOverReadsIsAViewOfWhatWasReadNotACopy() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf first = frame("13 00 0000000000000001 61");
        ByteBuf second = frame("13 00 0000000000000002" + " 62".repeat(100));
        byte[] stream = new byte[first.readableBytes() + second.readableBytes()];
        first.readBytes(stream, 0, first.readableBytes());
        second.readBytes(stream, stream.length - second.readableBytes(), second.readableBytes());
        first.release();
        second.release();
        int split = stream.length - 100 + 20; // 20 payload bytes of the second frame in the first read
        byte[] read1 = java.util.Arrays.copyOfRange(stream, 0, split);
        ch.writeInbound(Unpooled.wrappedBuffer(read1));
        Frame held = ch.readInbound(); // still referenced while the next read arrives, as a chunk is
        ch.writeInbound(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(stream, split, stream.length)));
        Frame split2 = ch.readInbound();
        assertEquals(100, split2.content().readableBytes());
        read1[split - 1] = 0x7a;
        assertEquals(0x7a, split2.content().getByte(19), "the body still reads the first read's bytes: not copied");
        assertEquals(0x62, split2.content().getByte(20));
        held.release();
        split2.release();
        assertFalse(ch.finish());
    }

    @Test
    void lengthBelowTheMinimumIsRejectedOnThePrefixAlone() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        assertThrows(MalformedFrameException.class, () -> ch.writeInbound(hex("00000009")));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "unknown type,              7f 00 0000000000000001",
        "handshake type,            01 00 0000000000000001",
        "unknown flag bits,         20 80 0000000000000001",
        "LAST on a PING,            20 02 0000000000000001",
        "LAST on a CALL,            10 02 0000000000000001 00000000 0173 0166",
        "ANSWER on a REPLY,         13 04 0000000000000001 61",
        "ANSWER on a PONG,          21 04 0000000000000001",
        "ANSWER on a fragment,      13 05 0000000000000001 00000010 61",
        "fragmented PING,           20 01 0000000000000001 00000010",
        "fragmented CHUNK,          30 01 0000000000000001 00000010 61",
        "payload on a PING,         20 00 0000000000000001 ff",
        "payload on a CANCEL,       18 00 0000000000000001 ff",
        "CALL without timeout,      10 00 0000000000000001 0000",
        "CALL without function,     10 00 0000000000000001 00000000 0173",
        "service past the end,      10 00 0000000000000001 00000000 05 61",
        "empty service,             11 00 0000000000000001 00 01 66 6161",
        "empty function,            11 00 0000000000000001 01 73 00",
        "invalid UTF-8 service,     11 00 0000000000000001 02 c328 01 66",
        "overlong UTF-8 function,   11 00 0000000000000001 01 73 02 c0af",
        "surrogate in UTF-8 name,   15 00 0000000000000001 03 eda080",
        "control char in name,      15 00 0000000000000001 01 07 61",
        "SBCAST_REPLY flag 2,       17 00 0000000000000001 02",
        "SBCAST_REPLY without flag, 17 00 0000000000000001",
        "fragment total too small,  13 01 0000000000000001 00000002 616263",
        "fragment without total,    13 01 0000000000000001 0000",
    })
    void malformedFramesAreRejected(String name, String body) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf in = frame(body);
        assertThrows(MalformedFrameException.class, () -> ch.writeInbound(in), name);
        assertFalse(ch.isOpen(), name);
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void theSameBodiesWithValidFieldsDecode() {
        // guards the cases above: they fail for the reason named, not for a wrong length
        java.util.List<Frame> frames = FrameTestSupport.decode(Unpooled.wrappedBuffer(
                frame("11 00 0000000000000001 01 73 01 66 6161"),
                frame("15 00 0000000000000001 03 e282ac"),
                frame("17 00 0000000000000001 01"),
                frame("13 01 0000000000000001 00000004 616263"),
                frame("30 06 0000000000000001 61")));
        assertEquals(5, frames.size());
        assertEquals("\u20ac", frames.get(1).name());
        assertEquals(4, frames.get(3).totalLength());
        assertTrue(frames.get(4).isAnswerChunk() && frames.get(4).isLast());
        FrameTestSupport.releaseAll(frames);
    }

    @Test
    void anEmptyFrameIsMalformedOnADataLink() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf tick = Frame.tick();
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> ch.writeInbound(tick));
        assertTrue(e.getMessage().contains("shorter than the 10-byte minimum"), e.getMessage());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
        assertEquals(0, tick.refCnt());
    }

    @Test
    void ticksAreDroppedSilentlyWhereTheLinkHasThem() {
        ByteBuf tick = Frame.tick();
        assertEquals("00000000", io.netty.buffer.ByteBufUtil.hexDump(tick));
        ByteBuf in = Unpooled.wrappedBuffer(tick, FrameTestSupport.encode(Frame.ping(1)), Frame.tick(), Frame.tick(),
                FrameTestSupport.encode(Frame.pong(1)), Frame.tick());
        for (int piece : new int[] {in.readableBytes(), 3, 1}) {
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024, true));
            ByteBuf bytes = in.retainedDuplicate();
            while (bytes.isReadable()) {
                ch.writeInbound(bytes.readRetainedSlice(Math.min(piece, bytes.readableBytes())));
            }
            bytes.release();
            Frame ping = ch.readInbound();
            Frame pong = ch.readInbound();
            assertEquals(FrameType.PING, ping.type(), "pieces of " + piece);
            assertEquals(FrameType.PONG, pong.type(), "pieces of " + piece);
            assertNull(ch.readInbound(), "ticks give nothing");
            assertTrue(ch.isOpen());
            ping.release();
            pong.release();
            assertFalse(ch.finish());
        }
        in.release();
    }

    @Test
    void withTicksOtherShortFramesAreStillMalformed() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024, true));
        assertThrows(MalformedFrameException.class, () -> ch.writeInbound(hex("00000000 00000001 20")));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void framesBeforeABadOneAreDelivered() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf good = FrameTestSupport.encode(Frame.ping(1));
        ByteBuf in = Unpooled.wrappedBuffer(good, hex("0000000a 7f 00 0000000000000001"));
        assertThrows(MalformedFrameException.class, () -> ch.writeInbound(in));
        Frame ping = ch.readInbound();
        assertEquals(FrameType.PING, ping.type());
        ping.release();
        assertFalse(ch.finish());
    }
}
