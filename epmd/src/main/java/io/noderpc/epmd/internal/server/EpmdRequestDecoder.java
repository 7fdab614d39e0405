package io.noderpc.epmd.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.noderpc.epmd.internal.EpmdProtocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes the one request an EPMD connection may carry.
 *
 * <pre>
 * +-----------+-----+---------------------------+
 * | Length:16 | Tag | Length - 1 bytes of body  |
 * +-----------+-----+---------------------------+
 * </pre>
 *
 * Every case that OTP's epmd answers by closing the connection without a reply raises a
 * {@link CorruptedFrameException} here, and the handler closes: a {@code Length} of 0 or above
 * {@value EpmdProtocol#MAX_REQUEST_LENGTH}, more bytes than announced (pipelined requests or
 * trailing junk), an unknown tag, a malformed ALIVE2_REQ, a bad PORT_PLEASE2 name, an empty STOP
 * name, and any byte after the first request (on a registration connection that unregisters the
 * node). The length is checked before anything is accumulated beyond the 2-byte prefix.
 */
public final class EpmdRequestDecoder extends ByteToMessageDecoder {

    private boolean decoded;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decoded) {
            int n = in.readableBytes();
            in.skipBytes(n);
            throw new CorruptedFrameException("got " + n + " more bytes than expected after the request");
        }
        if (in.readableBytes() < 2) {
            return;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (length == 0 || length > EpmdProtocol.MAX_REQUEST_LENGTH) {
            in.skipBytes(in.readableBytes());
            throw new CorruptedFrameException("request length " + length + " outside 1.."
                    + EpmdProtocol.MAX_REQUEST_LENGTH);
        }
        int got = in.readableBytes();
        if (got < length + 2) {
            return;
        }
        if (got > length + 2) {
            in.skipBytes(got);
            throw new CorruptedFrameException("got " + got + " bytes in packet, expected " + (length + 2));
        }
        in.skipBytes(2);
        ByteBuf body = in.readSlice(length);
        decoded = true;
        out.add(decodeBody(body));
    }

    static EpmdRequest decodeBody(ByteBuf body) {
        byte tag = body.readByte();
        return switch (tag) {
            case EpmdProtocol.ALIVE2_REQ -> decodeAlive2(body);
            case EpmdProtocol.PORT_PLEASE2_REQ -> new EpmdRequest.PortPlease2(decodeLookupName(body));
            case EpmdProtocol.NAMES_REQ -> new EpmdRequest.Names();
            case EpmdProtocol.DUMP_REQ -> new EpmdRequest.Dump();
            case EpmdProtocol.KILL_REQ -> new EpmdRequest.Kill();
            case EpmdProtocol.STOP_REQ -> decodeStop(body);
            default -> throw new CorruptedFrameException("got garbage: unknown request tag " + (tag & 0xFF));
        };
    }

    private static EpmdRequest.Alive2 decodeAlive2(ByteBuf body) {
        int bsize = body.readableBytes() + 1;
        if (bsize <= EpmdProtocol.ALIVE2_FIXED_BYTES) {
            throw new CorruptedFrameException("ALIVE2_REQ packet too small: " + bsize + " bytes");
        }
        int port = body.readUnsignedShort();
        int nodeType = body.readUnsignedByte();
        int protocol = body.readUnsignedByte();
        int high = body.readUnsignedShort();
        int low = body.readUnsignedShort();
        int nlen = body.readUnsignedShort();
        if (nlen + EpmdProtocol.ALIVE2_FIXED_BYTES > bsize) {
            throw new CorruptedFrameException("ALIVE2_REQ name length " + nlen + " overruns the packet");
        }
        byte[] name = new byte[nlen];
        body.readBytes(name);
        int elen = body.readUnsignedShort();
        if (elen + nlen + EpmdProtocol.ALIVE2_FIXED_BYTES > bsize) {
            throw new CorruptedFrameException("ALIVE2_REQ extra length " + elen + " overruns the packet");
        }
        for (byte b : name) {
            if (b == 0) {
                throw new CorruptedFrameException("ALIVE2_REQ node name contains a NUL byte");
            }
        }
        byte[] extra = new byte[elen];
        body.readBytes(extra);
        return new EpmdRequest.Alive2(port, nodeType, protocol, high, low, name, extra);
    }

    private static String decodeLookupName(ByteBuf body) {
        int n = body.readableBytes();
        if (n > 0 && body.getByte(body.readerIndex() + n - 1) == 0) {
            n--;
        }
        if (n == 0) {
            throw new CorruptedFrameException("PORT_PLEASE2_REQ with an empty name");
        }
        byte[] bytes = new byte[n];
        body.readBytes(bytes);
        for (byte b : bytes) {
            if (b == 0) {
                throw new CorruptedFrameException("PORT_PLEASE2_REQ name contains a NUL byte");
            }
        }
        String name = utf8OrNull(bytes);
        if (name == null || name.codePointCount(0, name.length()) > EpmdProtocol.MAX_NAME_CHARS) {
            throw new CorruptedFrameException("PORT_PLEASE2_REQ name is not a valid node name");
        }
        return name;
    }

    private static EpmdRequest.Stop decodeStop(ByteBuf body) {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        int n = (end < 0 ? body.writerIndex() : end) - body.readerIndex();
        if (body.readableBytes() == 0) {
            throw new CorruptedFrameException("STOP_REQ with an empty name");
        }
        byte[] name = new byte[n];
        body.readBytes(name);
        return new EpmdRequest.Stop(name);
    }

    /** Strict UTF-8 decoding: null for malformed input. */
    public static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
