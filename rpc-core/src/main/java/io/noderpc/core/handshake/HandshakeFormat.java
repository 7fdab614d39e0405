package io.noderpc.core.handshake;

import io.netty.buffer.ByteBuf;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.NodeName;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.MalformedFrameException;
import io.noderpc.core.handshake.HandshakeMessage.Accept;
import io.noderpc.core.handshake.HandshakeMessage.Challenge;
import io.noderpc.core.handshake.HandshakeMessage.Hello;
import io.noderpc.core.handshake.HandshakeMessage.Proof;
import io.noderpc.core.handshake.HandshakeMessage.Reject;
import io.noderpc.core.internal.WireStrings;

/** Reads and writes handshake messages (layout on {@link HandshakeDecoder}). */
final class HandshakeFormat {

    /** Type, flags and id. */
    static final int MIN_BODY_LENGTH = 1 + 1 + 8;

    private HandshakeFormat() {
    }

    /** Writes {@code message} with its length prefix. */
    static void write(HandshakeMessage message, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeByte(message.type().code());
        out.writeByte(0);
        out.writeLong(0);
        if (message instanceof Hello hello) {
            out.writeInt(HandshakeProtocol.MAGIC);
            out.writeShort(hello.minVersion());
            out.writeShort(hello.maxVersion());
            WireStrings.writeStr8(out, hello.client().toString());
            WireStrings.writeStr8(out, hello.target().toString());
            WireStrings.writeOptionalStr8(out, hello.key());
            out.writeBytes(hello.challenge());
        } else if (message instanceof Challenge challenge) {
            out.writeInt(HandshakeProtocol.MAGIC);
            out.writeShort(challenge.version());
            WireStrings.writeStr8(out, challenge.server().toString());
            out.writeBytes(challenge.challenge());
        } else if (message instanceof Proof proof) {
            out.writeBytes(proof.mac());
        } else if (message instanceof Accept accept) {
            out.writeBytes(accept.mac());
        } else if (message instanceof Reject reject) {
            out.writeByte(reject.kind().code());
            WireStrings.writeText16(out, reject.reason(), HandshakeProtocol.MAX_REASON_LENGTH);
        }
        out.setInt(start, out.writerIndex() - start - 4);
    }

    /**
     * Parses one message body (everything after the length field).
     *
     * @throws MalformedFrameException if the body is not a valid handshake message
     */
    static HandshakeMessage read(ByteBuf body) {
        int code = body.readUnsignedByte();
        FrameType type = FrameType.fromCode(code);
        if (type == null || !type.isHandshake()) {
            throw new MalformedFrameException((type == null ? String.format("frame type 0x%02x", code) : type)
                    + " before the handshake completed; expected a handshake message");
        }
        int flags = body.readUnsignedByte();
        long id = body.readLong();
        if (flags != 0 || id != 0) {
            throw new MalformedFrameException(type + " has non-zero flags or id");
        }
        HandshakeMessage message;
        switch (type) {
            case HELLO: {
                readMagic(body, type);
                int min = readU16(body, "minimum version");
                int max = readU16(body, "maximum version");
                if (min == 0 || min > max) {
                    throw new MalformedFrameException("HELLO offers the empty version range " + min + ".." + max);
                }
                NodeName client = readNodeName(body, "client node name");
                NodeName target = readNodeName(body, "target node name");
                String key = WireStrings.readOptionalStr8(body, "link key");
                message = new Hello(min, max, client, target, key, readBytes(body, HandshakeProtocol.CHALLENGE_LENGTH,
                        "client challenge"));
                break;
            }
            case CHALLENGE: {
                readMagic(body, type);
                int version = readU16(body, "version");
                NodeName server = readNodeName(body, "server node name");
                message = new Challenge(version, server, readBytes(body, HandshakeProtocol.CHALLENGE_LENGTH,
                        "server challenge"));
                break;
            }
            case PROOF:
                message = new Proof(readBytes(body, HandshakeProtocol.PROOF_LENGTH, "proof"));
                break;
            case ACCEPT:
                message = new Accept(readBytes(body, HandshakeProtocol.PROOF_LENGTH, "proof"));
                break;
            default: {
                int kindCode = readU8(body, "error kind");
                ErrorKind kind = ErrorKind.fromCode(kindCode);
                if (kind == null || !HandshakeProtocol.REJECT_KINDS.contains(kind)) {
                    throw new MalformedFrameException("REJECT with error kind " + kindCode
                            + ", not one of " + HandshakeProtocol.REJECT_KINDS);
                }
                message = new Reject(kind, WireStrings.readText16(body, "reject reason",
                        HandshakeProtocol.MAX_REASON_LENGTH));
                break;
            }
        }
        if (body.isReadable()) {
            throw new MalformedFrameException(type + " has " + body.readableBytes() + " trailing bytes");
        }
        return message;
    }

    private static void readMagic(ByteBuf body, FrameType type) {
        if (body.readableBytes() < 4 || body.readInt() != HandshakeProtocol.MAGIC) {
            throw new MalformedFrameException(type + " without the NRPC magic: the peer is not a noderpc node");
        }
    }

    private static NodeName readNodeName(ByteBuf body, String what) {
        String name = WireStrings.readStr8(body, what);
        try {
            return NodeName.of(name);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(what + ": " + e.getMessage());
        }
    }

    private static int readU8(ByteBuf body, String what) {
        if (!body.isReadable()) {
            throw new MalformedFrameException("handshake message ends before its " + what);
        }
        return body.readUnsignedByte();
    }

    private static int readU16(ByteBuf body, String what) {
        if (body.readableBytes() < 2) {
            throw new MalformedFrameException("handshake message ends before its " + what);
        }
        return body.readUnsignedShort();
    }

    private static byte[] readBytes(ByteBuf body, int length, String what) {
        if (body.readableBytes() < length) {
            throw new MalformedFrameException("handshake message ends before its " + length + "-byte " + what);
        }
        byte[] bytes = new byte[length];
        body.readBytes(bytes);
        return bytes;
    }
}
