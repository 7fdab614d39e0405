package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.noderpc.core.internal.WireStrings;

/** Reads and writes the header layout documented on {@link Frame}; the encoder and decoder share it. */
final class FrameFormat {

    /** The shortest frame body: type, flags, id. */
    static final int MIN_BODY_LENGTH = 1 + 1 + 8;

    private static final int KNOWN_FLAGS = Frame.FLAG_FRAGMENTED | Frame.FLAG_LAST | Frame.FLAG_ANSWER;

    private FrameFormat() {
    }

    /** Writes everything but the payload, with the length field covering {@code payloadLength} more bytes. */
    static void writeHeader(ByteBuf out, Frame frame, int payloadLength) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeByte(frame.type().code());
        out.writeByte(frame.flags());
        out.writeLong(frame.id());
        if (frame.isFragmented()) {
            out.writeInt((int) frame.totalLength());
        }
        switch (frame.type()) {
            case CALL:
                out.writeInt((int) frame.timeoutMillis());
                WireStrings.writeStr8(out, frame.service());
                WireStrings.writeStr8(out, frame.function());
                break;
            case CAST:
            case ORDERED_CAST:
                WireStrings.writeStr8(out, frame.service());
                WireStrings.writeStr8(out, frame.function());
                break;
            case ABCAST:
            case SBCAST:
                WireStrings.writeStr8(out, frame.name());
                break;
            case SBCAST_REPLY:
                out.writeByte(frame.delivered() ? 1 : 0);
                break;
            default:
                break;
        }
        out.setInt(start, out.writerIndex() - start - 4 + payloadLength);
    }

    /** An upper bound of the header bytes {@link #writeHeader} writes for {@code frame}. */
    static int headerLength(Frame frame) {
        int length = Frame.PREFIX_LENGTH + (frame.isFragmented() ? 4 : 0) + 4 + 1;
        if (frame.service() != null || frame.name() != null) {
            length += 1 + WireStrings.MAX_STR8;
        }
        if (frame.function() != null) {
            length += 1 + WireStrings.MAX_STR8;
        }
        return length;
    }

    /**
     * Parses one frame body (everything after the length field). The payload is a retained slice of
     * {@code body}.
     *
     * @throws MalformedFrameException if the body breaks the layout
     */
    static Frame read(ByteBuf body) {
        if (body.readableBytes() < MIN_BODY_LENGTH) {
            throw new MalformedFrameException("frame of " + body.readableBytes() + " bytes is shorter than the "
                    + MIN_BODY_LENGTH + "-byte minimum");
        }
        int code = body.readUnsignedByte();
        FrameType type = FrameType.fromCode(code);
        if (type == null) {
            throw new MalformedFrameException(String.format("unknown frame type 0x%02x", code));
        }
        if (type.isHandshake()) {
            throw new MalformedFrameException("handshake message " + type + " after the handshake completed");
        }
        int flags = body.readUnsignedByte();
        checkFlags(type, flags);
        long id = body.readLong();
        long total = -1;
        if ((flags & Frame.FLAG_FRAGMENTED) != 0) {
            total = readUnsignedInt(body, "total length");
        }
        String service = null;
        String function = null;
        long timeout = 0;
        boolean delivered = false;
        switch (type) {
            case CALL:
                timeout = readUnsignedInt(body, "timeout");
                service = WireStrings.readStr8(body, "service");
                function = WireStrings.readStr8(body, "function");
                break;
            case CAST:
            case ORDERED_CAST:
                service = WireStrings.readStr8(body, "service");
                function = WireStrings.readStr8(body, "function");
                break;
            case ABCAST:
            case SBCAST:
                service = WireStrings.readStr8(body, "mailbox name");
                break;
            case SBCAST_REPLY:
                if (!body.isReadable()) {
                    throw new MalformedFrameException("SBCAST_REPLY frame ends before its delivered flag");
                }
                int value = body.readUnsignedByte();
                if (value > 1) {
                    throw new MalformedFrameException("SBCAST_REPLY delivered flag is " + value + ", not 0 or 1");
                }
                delivered = value == 1;
                break;
            default:
                break;
        }
        int payloadLength = body.readableBytes();
        if (!type.isMessage() && type != FrameType.CHUNK && payloadLength > 0) {
            throw new MalformedFrameException(type + " frame has " + payloadLength + " unexpected payload bytes");
        }
        if (total >= 0 && total <= payloadLength) {
            throw new MalformedFrameException("fragmented " + type + " announces " + total
                    + " bytes but already carries " + payloadLength + "; a message that fits is not fragmented");
        }
        ByteBuf payload = payloadLength == 0 ? Unpooled.EMPTY_BUFFER : body.readRetainedSlice(payloadLength);
        return new Frame(type, flags, id, service, function, timeout, delivered, total, payload);
    }

    private static void checkFlags(FrameType type, int flags) {
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new MalformedFrameException(String.format("%s frame has unknown flag bits 0x%02x", type,
                    flags & ~KNOWN_FLAGS));
        }
        if ((flags & Frame.FLAG_FRAGMENTED) != 0 && !type.isMessage()) {
            throw new MalformedFrameException(type + " frame cannot be fragmented");
        }
        if ((flags & Frame.FLAG_LAST) != 0 && type != FrameType.CHUNK) {
            throw new MalformedFrameException("flag LAST on a " + type + " frame; only CHUNK frames carry it");
        }
        if ((flags & Frame.FLAG_ANSWER) != 0 && type != FrameType.CHUNK) {
            throw new MalformedFrameException("flag ANSWER on a " + type + " frame; only CHUNK frames carry it");
        }
    }

    private static long readUnsignedInt(ByteBuf body, String what) {
        if (body.readableBytes() < 4) {
            throw new MalformedFrameException("frame ends before its " + what);
        }
        return body.readUnsignedInt();
    }
}
