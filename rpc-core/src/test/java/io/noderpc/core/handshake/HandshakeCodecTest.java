package io.noderpc.core.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.NodeName;
import io.noderpc.core.frame.FrameTooLongException;
import io.noderpc.core.frame.MalformedFrameException;
import io.noderpc.core.handshake.HandshakeMessage.Accept;
import io.noderpc.core.handshake.HandshakeMessage.Challenge;
import io.noderpc.core.handshake.HandshakeMessage.Hello;
import io.noderpc.core.handshake.HandshakeMessage.Proof;
import io.noderpc.core.handshake.HandshakeMessage.Reject;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandshakeCodecTest {

    static final byte[] C32 = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            C32[i] = (byte) i;
        }
    }

    static ByteBuf encode(HandshakeMessage... messages) {
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeEncoder());
        ByteBuf all = Unpooled.buffer();
        for (HandshakeMessage m : messages) {
            ch.writeOutbound(m);
            ByteBuf b = ch.readOutbound();
            all.writeBytes(b);
            b.release();
        }
        assertFalse(ch.finish());
        return all;
    }

    @Test
    void everyMessageRoundTrips() {
        List<HandshakeMessage> messages = List.of(
                new Hello(1, 3, NodeName.of("a@h"), NodeName.of("b@h.example"), "shard-7", C32),
                new Hello(1, 1, NodeName.of("a@h"), NodeName.of("b@h"), null, C32),
                new Challenge(1, NodeName.of("b@h"), C32),
                new Proof(C32),
                new Accept(C32),
                new Reject(ErrorKind.BAD_NODE, "this is node c@h, not b@h"));
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeDecoder());
        ByteBuf bytes = encode(messages.toArray(new HandshakeMessage[0]));
        while (bytes.isReadable()) {
            ch.writeInbound(bytes.readRetainedSlice(Math.min(7, bytes.readableBytes())));
        }
        bytes.release();
        for (HandshakeMessage expected : messages) {
            assertEquals(expected, ch.readInbound());
        }
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void helloHasTheDocumentedLayout() {
        ByteBuf bytes = encode(new Hello(1, 2, NodeName.of("a@h"), NodeName.of("b@h"), null, C32));
        String hex = ByteBufUtil.hexDump(bytes);
        bytes.release();
        assertEquals("0000003b" + "01" + "00" + "0000000000000000" + "4e525043" + "0001" + "0002" + "03614068"
                + "03624068" + "00" + HexFormat.of().formatHex(C32), hex);
    }

    /** A handshake frame with the length prefix computed from {@code body}. */
    static ByteBuf frame(String body) {
        ByteBuf b = Unpooled.wrappedBuffer(HexFormat.of().parseHex(body.replace(" ", "")));
        return Unpooled.wrappedBuffer(Unpooled.buffer(4).writeInt(b.readableBytes()), b);
    }

    static final String C = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "data frame before the handshake, 10 00 0000000000000001 00000000 0173 0166",
        "unknown type,                    7f 00 0000000000000000",
        "non-zero flags,                  03 01 0000000000000000 " + C,
        "non-zero id,                     03 00 0000000000000001 " + C,
        "missing magic,                   01 00 0000000000000000 4e525044 0001 0001 03614068 03624068 00 " + C,
        "empty version range,             01 00 0000000000000000 4e525043 0002 0001 03614068 03624068 00 " + C,
        "version zero,                    01 00 0000000000000000 4e525043 0000 0001 03614068 03624068 00 " + C,
        "invalid node name,               01 00 0000000000000000 4e525043 0001 0001 03612068 03624068 00 " + C,
        "empty node name,                 01 00 0000000000000000 4e525043 0001 0001 00 03624068 00 " + C,
        "invalid UTF-8 key,               01 00 0000000000000000 4e525043 0001 0001 03614068 03624068 01ff " + C,
        "short challenge,                 02 00 0000000000000000 4e525043 0001 03624068 0001",
        "short proof,                     03 00 0000000000000000 0102",
        "trailing byte,                   04 00 0000000000000000 " + C + " 00",
        "reject with kind timeout,        05 00 0000000000000000 01 0000",
        "reject with unknown kind,        05 00 0000000000000000 63 0000",
        "reject reason past the end,      05 00 0000000000000000 04 0005 61",
        "reject reason too long,          05 00 0000000000000000 04 0201",
    })
    void malformedMessagesAreRejected(String name, String body) {
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeDecoder());
        ByteBuf in = frame(body);
        assertThrows(MalformedFrameException.class, () -> ch.writeInbound(in), name);
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void validVariantsOfTheRejectedBodiesDecode() {
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeDecoder());
        ch.writeInbound(frame("01 00 0000000000000000 4e525043 0001 0001 03614068 03624068 00 " + C));
        ch.writeInbound(frame("05 00 0000000000000000 04 0001 61"));
        assertTrue(ch.readInbound() instanceof Hello);
        assertEquals(new Reject(ErrorKind.AUTHENTICATION_FAILED, "a"), ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void oversizedMessageIsRejectedOnThePrefix() {
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeDecoder());
        ByteBuf prefix = Unpooled.buffer().writeInt(HandshakeProtocol.MAX_MESSAGE_LENGTH + 1);
        assertThrows(FrameTooLongException.class, () -> ch.writeInbound(prefix));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void aLongRejectReasonIsTruncatedByTheWriter() {
        ByteBuf bytes = encode(new Reject(ErrorKind.INCOMPATIBLE, "x".repeat(2000)));
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeDecoder());
        ch.writeInbound(bytes);
        Reject reject = ch.readInbound();
        assertTrue(reject.reason().length() <= HandshakeProtocol.MAX_REASON_LENGTH);
        assertTrue(reject.reason().endsWith("[truncated]"));
        assertFalse(ch.finish());
    }
}
