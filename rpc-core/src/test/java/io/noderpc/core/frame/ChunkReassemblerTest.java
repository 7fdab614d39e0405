package io.noderpc.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkReassemblerTest {

    private final List<ByteBuf> sent = new ArrayList<>();

    private ByteBuf bytes(String s) {
        ByteBuf b = FrameTestSupport.utf8(s);
        sent.add(b);
        return b;
    }

    private Frame first(long id, long total, String data) {
        return Frame.call(id, "svc", "fn", 100, Unpooled.EMPTY_BUFFER).firstFragment(total, bytes(data));
    }

    private Frame chunk(long id, boolean last, String data) {
        return Frame.chunk(id, last, bytes(data));
    }

    private void assertAllReleased() {
        for (ByteBuf b : sent) {
            assertEquals(0, b.refCnt());
        }
    }

    @Test
    void reassemblesAMessageAndPassesOtherFramesThrough() {
        ChunkReassembler reassembler = new ChunkReassembler(100, 200, 4);
        EmbeddedChannel ch = new EmbeddedChannel(reassembler);
        ch.writeInbound(first(1, 9, "abc"));
        assertEquals(9, reassembler.reservedBytes());
        Frame ping = Frame.ping(5);
        ch.writeInbound(ping);
        assertTrue(ping == ch.readInbound(), "other frames pass while a message is in reassembly");
        ch.writeInbound(chunk(1, false, "def"));
        assertNull(ch.readInbound());
        ch.writeInbound(chunk(1, true, "ghi"));
        Frame whole = ch.readInbound();
        assertEquals(FrameType.CALL, whole.type());
        assertFalse(whole.isFragmented());
        assertEquals("svc", whole.service());
        assertEquals(100, whole.timeoutMillis());
        assertEquals("abcdefghi", whole.content().toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, reassembler.reservedBytes());
        assertEquals(0, reassembler.messagesInReassembly());
        whole.release();
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void interleavedMessagesAreKeptApart() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(100, 200, 4));
        ch.writeInbound(first(1, 4, "aa"), first(2, 4, "xx"), chunk(2, true, "yy"), chunk(1, true, "bb"));
        Frame two = ch.readInbound();
        Frame one = ch.readInbound();
        assertEquals("xxyy", two.content().toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("aabb", one.content().toString(java.nio.charset.StandardCharsets.UTF_8));
        two.release();
        one.release();
        assertFalse(ch.finish());
        assertAllReleased();
    }

    private Frame firstOfReply(long id, long total, String data) {
        return Frame.reply(id, Unpooled.EMPTY_BUFFER).firstFragment(total, bytes(data));
    }

    private Frame answerChunk(long id, boolean last, String data) {
        return Frame.chunk(id, true, last, bytes(data));
    }

    @Test
    void aChunkedRequestAndAChunkedAnswerWithTheSameIdAreBothReassembled() {
        // on a shared link: the peer's CALL 5 and the REPLY to our CALL 5 arrive interleaved on one stream
        ChunkReassembler reassembler = new ChunkReassembler(100, 200, 4);
        EmbeddedChannel ch = new EmbeddedChannel(reassembler);
        ch.writeInbound(first(5, 6, "ab"), firstOfReply(5, 6, "AB"));
        assertEquals(2, reassembler.messagesInReassembly());
        assertEquals(12, reassembler.reservedBytes());
        ch.writeInbound(answerChunk(5, false, "CD"), chunk(5, false, "cd"), chunk(5, true, "ef"));
        Frame request = ch.readInbound();
        assertEquals(FrameType.CALL, request.type());
        assertEquals("abcdef", request.content().toString(java.nio.charset.StandardCharsets.UTF_8));
        assertNull(ch.readInbound(), "the answer is still in reassembly");
        ch.writeInbound(answerChunk(5, true, "EF"));
        Frame answer = ch.readInbound();
        assertEquals(FrameType.REPLY, answer.type());
        assertEquals(5, answer.id());
        assertEquals("ABCDEF", answer.content().toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, reassembler.messagesInReassembly());
        assertEquals(0, reassembler.reservedBytes());
        request.release();
        answer.release();
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void anErrorAnswerIsReassembledApartFromARequestToo() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(100, 200, 4));
        ch.writeInbound(Frame.error(8, Unpooled.EMPTY_BUFFER).firstFragment(4, bytes("er")), first(8, 4, "rq"),
                answerChunk(8, true, "ro"), chunk(8, true, "st"));
        Frame error = ch.readInbound();
        Frame request = ch.readInbound();
        assertEquals(FrameType.ERROR, error.type());
        assertEquals("erro", error.content().toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(FrameType.CALL, request.type());
        assertEquals("rqst", request.content().toString(java.nio.charset.StandardCharsets.UTF_8));
        error.release();
        request.release();
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void theBoundOnMessagesInReassemblyCountsRequestsAndAnswers() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(10, 100, 2));
        ch.writeInbound(first(1, 5, "a"), firstOfReply(1, 5, "a"));
        assertThrows(MessageTooLargeException.class, () -> ch.writeInbound(firstOfReply(2, 5, "b")));
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void refusesAMessageAboveMaxMessageSizeBeforeBufferingIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(10, 100, 4));
        MessageTooLargeException e = assertThrows(MessageTooLargeException.class,
                () -> ch.writeInbound(first(1, 11, "a")));
        assertTrue(e.getMessage().contains("maxMessageSize"), e.getMessage());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void boundsTheBytesInReassemblyPerLink() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(10, 15, 4));
        ch.writeInbound(first(1, 10, "a"));
        MessageTooLargeException e = assertThrows(MessageTooLargeException.class,
                () -> ch.writeInbound(first(2, 6, "b")));
        assertTrue(e.getMessage().contains("maxReassemblyBytes"), e.getMessage());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void boundsTheMessagesInReassemblyPerLink() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(10, 100, 2));
        ch.writeInbound(first(1, 5, "a"), first(2, 5, "a"));
        assertThrows(MessageTooLargeException.class, () -> ch.writeInbound(first(3, 5, "b")));
        assertFalse(ch.finish());
        assertAllReleased();
    }

    private void assertMalformed(String expected, Frame... frames) {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(100, 200, 4));
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> ch.writeInbound(frames));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void rejectsChunksThatDoNotAddUp() {
        assertMalformed("not in reassembly", chunk(7, true, "x"));
        assertMalformed("second first fragment", first(1, 9, "abc"), first(1, 9, "abc"));
        assertMalformed("empty CHUNK", first(1, 9, "abc"), Frame.chunk(1, false, Unpooled.EMPTY_BUFFER));
        assertMalformed("exceed its announced", first(1, 4, "abc"), chunk(1, true, "de"));
        assertMalformed("without a LAST chunk", first(1, 4, "abc"), chunk(1, false, "d"));
        assertMalformed("LAST chunk of message 1 leaves it at 4", first(1, 9, "abc"), chunk(1, true, "d"));
        assertMalformed("CHUNK for answer 1, which is not in reassembly", first(1, 4, "abc"),
                answerChunk(1, true, "d"));
        assertMalformed("CHUNK for message 1, which is not in reassembly", firstOfReply(1, 4, "abc"),
                chunk(1, true, "d"));
        assertMalformed("second first fragment for answer 2", firstOfReply(2, 9, "abc"), firstOfReply(2, 9, "abc"));
    }

    @Test
    void closingReleasesPartialMessages() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(100, 200, 4));
        ch.writeInbound(first(1, 9, "abc"), chunk(1, false, "def"));
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void reassembledPayloadIsTheConcatenation() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkReassembler(1 << 20, 1 << 20, 4));
        byte[] data = new byte[1000];
        new java.util.Random(1).nextBytes(data);
        ch.writeInbound(Frame.reply(3, Unpooled.EMPTY_BUFFER).firstFragment(1000,
                Unpooled.copiedBuffer(data, 0, 300)));
        ch.writeInbound(Frame.chunk(3, true, false, Unpooled.copiedBuffer(data, 300, 300)));
        ch.writeInbound(Frame.chunk(3, true, true, Unpooled.copiedBuffer(data, 600, 400)));
        Frame whole = ch.readInbound();
        assertEquals(ByteBufUtil.hexDump(data), ByteBufUtil.hexDump(whole.content()));
        whole.release();
        assertFalse(ch.finish());
    }
}
