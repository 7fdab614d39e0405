package io.noderpc.epmd.internal.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.noderpc.epmd.internal.EpmdProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static io.noderpc.epmd.testing.EpmdPackets.alive2;
import static io.noderpc.epmd.testing.EpmdPackets.concat;
import static io.noderpc.epmd.testing.EpmdPackets.packet;
import static io.noderpc.epmd.testing.EpmdPackets.portPlease2;
import static io.noderpc.epmd.testing.EpmdPackets.simple;
import static io.noderpc.epmd.testing.EpmdPackets.tagged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EpmdRequestDecoderTest {

    private final EmbeddedChannel ch = new EmbeddedChannel(new EpmdRequestDecoder());

    private Object decode(byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        return ch.readInbound();
    }

    private void assertRejected(byte[] bytes) {
        assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes)));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void decodesAlive2WithEveryFieldVerbatim() {
        byte[] extra = {'E', 'X', 0};
        EpmdRequest.Alive2 a = (EpmdRequest.Alive2) decode(alive2("foo".getBytes(StandardCharsets.UTF_8),
                4242, 110, 6, 5, extra));
        assertEquals(4242, a.port());
        assertEquals(110, a.nodeType());
        assertEquals(0, a.protocol());
        assertEquals(6, a.highestVersion());
        assertEquals(5, a.lowestVersion());
        assertArrayEquals("foo".getBytes(StandardCharsets.UTF_8), a.name());
        assertArrayEquals(extra, a.extra());
        assertFalse(ch.finish());
    }

    @Test
    void toleratesTrailingBytesInsideAnAlive2Body() {
        byte[] p = alive2("foo", 1, 6, 5, new byte[0]);
        byte[] body = concat(java.util.Arrays.copyOfRange(p, 2, p.length), new byte[] {9, 9});
        EpmdRequest.Alive2 a = (EpmdRequest.Alive2) decode(packet(body));
        assertEquals("foo", new String(a.name(), StandardCharsets.UTF_8));
    }

    @Test
    void reassemblesARequestThatTricklesInByteByByte() {
        byte[] p = portPlease2("slow");
        for (int i = 0; i < p.length - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {p[i]}));
            assertNull(ch.readInbound());
        }
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {p[p.length - 1]}));
        assertEquals(new EpmdRequest.PortPlease2("slow"), ch.readInbound());
    }

    @Test
    void decodesEverySimpleRequest() {
        assertInstanceOf(EpmdRequest.Names.class, new EmbeddedChannelDecoder().decode(simple(EpmdProtocol.NAMES_REQ)));
        assertInstanceOf(EpmdRequest.Dump.class, new EmbeddedChannelDecoder().decode(simple(EpmdProtocol.DUMP_REQ)));
        assertInstanceOf(EpmdRequest.Kill.class, new EmbeddedChannelDecoder().decode(simple(EpmdProtocol.KILL_REQ)));
        EpmdRequest.Stop stop = (EpmdRequest.Stop) new EmbeddedChannelDecoder()
                .decode(tagged(EpmdProtocol.STOP_REQ, "abc\0def".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), stop.name());
    }

    @Test
    void namesIgnoresBytesInsideItsLength() {
        assertInstanceOf(EpmdRequest.Names.class, decode(tagged(EpmdProtocol.NAMES_REQ, new byte[] {'x', 'x'})));
    }

    @Test
    void acceptsTheLongestLengthOtpAccepts() {
        byte[] body = new byte[EpmdProtocol.MAX_REQUEST_LENGTH];
        body[0] = EpmdProtocol.NAMES_REQ;
        assertInstanceOf(EpmdRequest.Names.class, decode(packet(body)));
    }

    @Test
    void rejectsZeroLength() {
        assertRejected(new byte[] {0, 0});
    }

    @Test
    void rejectsALengthBeyondTheBufferBeforeReadingTheBody() {
        assertRejected(new byte[] {(byte) (3058 >>> 8), (byte) 3058});
    }

    @Test
    void rejectsPipelinedRequests() {
        assertRejected(concat(simple(EpmdProtocol.NAMES_REQ), simple(EpmdProtocol.NAMES_REQ)));
    }

    @Test
    void rejectsAnyByteAfterTheFirstRequest() {
        assertInstanceOf(EpmdRequest.Alive2.class, decode(alive2("foo", 1, 6, 5, new byte[0])));
        assertRejected(new byte[] {1});
    }

    @Test
    void rejectsUnknownTags() {
        assertRejected(simple((byte) 'q'));
    }

    @Test
    void rejectsObsoleteAliveRequests() {
        assertRejected(tagged((byte) 97, "old".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsAnAlive2WithoutItsFixedFields() {
        byte[] p = alive2("", 1, 6, 5, new byte[0]);
        assertRejected(packet(java.util.Arrays.copyOfRange(p, 2, p.length - 1)));
    }

    @Test
    void rejectsAnAlive2WhoseNameOverrunsThePacket() {
        byte[] p = alive2("foo", 1, 6, 5, new byte[0]);
        p[2 + 10] = 0;
        p[2 + 11] = 40;
        assertRejected(p);
    }

    @Test
    void rejectsAnAlive2WhoseExtraOverrunsThePacket() {
        byte[] p = alive2("foo", 1, 6, 5, new byte[0]);
        p[p.length - 1] = 5;
        assertRejected(p);
    }

    @Test
    void rejectsAnAlive2NameWithANul() {
        assertRejected(alive2("foobar\0", 1, 6, 5, new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\0", "a\0b"})
    void rejectsBadLookupNames(String name) {
        assertRejected(portPlease2(name));
    }

    @Test
    void rejectsLookupNamesThatAreNotUtf8() {
        assertRejected(tagged(EpmdProtocol.PORT_PLEASE2_REQ, new byte[] {(byte) 0xC3, 0x28}));
    }

    @Test
    void rejectsLookupNamesOfMoreThan255Characters() {
        assertRejected(portPlease2("n".repeat(256)));
    }

    @Test
    void stripsOneTrailingNulFromALookupName() {
        assertEquals(new EpmdRequest.PortPlease2("foo"), decode(portPlease2("foo\0")));
        assertEquals(new EpmdRequest.PortPlease2("é".repeat(255)), new EmbeddedChannelDecoder().decode(portPlease2("é".repeat(255))));
    }

    @Test
    void rejectsAStopWithoutAName() {
        assertRejected(simple(EpmdProtocol.STOP_REQ));
    }

    /** A fresh decoder per request. */
    private static final class EmbeddedChannelDecoder {
        Object decode(byte[] bytes) {
            EmbeddedChannel c = new EmbeddedChannel(new EpmdRequestDecoder());
            c.writeInbound(Unpooled.wrappedBuffer(bytes));
            Object o = c.readInbound();
            c.finishAndReleaseAll();
            return o;
        }
    }
}
