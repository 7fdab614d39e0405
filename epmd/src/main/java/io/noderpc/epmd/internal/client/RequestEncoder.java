package io.noderpc.epmd.internal.client;

import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.internal.EpmdProtocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Encodes EPMD requests ({@code Length:16} + body, big-endian) after checking their fields, so that
 * nothing invalid ever reaches a socket. The checks throw {@link IllegalArgumentException}.
 */
public final class RequestEncoder {

    private RequestEncoder() {
    }

    /**
     * {@code Length | 120 | PortNo:16 | NodeType:8 | Protocol:8 | High:16 | Low:16 | Nlen:16 | Name | Elen:16 | Extra}.
     */
    public static byte[] alive2(EpmdEntry entry) {
        byte[] name = nodeName(entry.name(), "node name");
        byte[] extra = entry.extra();
        if (extra.length > EpmdProtocol.MAX_SYMBOL_BYTES) {
            throw new IllegalArgumentException("extra must be at most " + EpmdProtocol.MAX_SYMBOL_BYTES
                    + " bytes, got " + extra.length);
        }
        ByteBuffer body = ByteBuffer.allocate(2 + EpmdProtocol.ALIVE2_FIXED_BYTES + name.length + extra.length);
        body.putShort((short) (EpmdProtocol.ALIVE2_FIXED_BYTES + name.length + extra.length))
                .put(EpmdProtocol.ALIVE2_REQ)
                .putShort((short) entry.port())
                .put((byte) entry.nodeType())
                .put((byte) entry.protocol())
                .putShort((short) entry.highestVersion())
                .putShort((short) entry.lowestVersion())
                .putShort((short) name.length).put(name)
                .putShort((short) extra.length).put(extra);
        return body.array();
    }

    /** {@code Length | 122 | Name}. */
    public static byte[] portPlease2(String name) {
        return tagged(EpmdProtocol.PORT_PLEASE2_REQ, nodeName(name, "node name"));
    }

    /** {@code 0 1 | 110}. */
    public static byte[] names() {
        return tagged(EpmdProtocol.NAMES_REQ, new byte[0]);
    }

    /** {@code 0 1 | 100}. */
    public static byte[] dump() {
        return tagged(EpmdProtocol.DUMP_REQ, new byte[0]);
    }

    /** {@code 0 1 | 107}. */
    public static byte[] kill() {
        return tagged(EpmdProtocol.KILL_REQ, new byte[0]);
    }

    /**
     * {@code Length | 115 | Name}, without a NUL, as OTP's {@code epmd -stop} sends it. The daemon
     * treats the name as a C string without other checks, so only emptiness, NULs and the request
     * size limit are refused here: a name too long to be registered simply gets {@code NOEXIST}.
     */
    public static byte[] stop(String name) {
        byte[] bytes = utf8(name, "node name");
        if (bytes.length > EpmdProtocol.MAX_REQUEST_LENGTH - 1) {
            throw new IllegalArgumentException("node name must be at most " + (EpmdProtocol.MAX_REQUEST_LENGTH - 1)
                    + " bytes in a STOP_REQ, got " + bytes.length);
        }
        return tagged(EpmdProtocol.STOP_REQ, bytes);
    }

    /**
     * The UTF-8 bytes of a node name EPMD accepts: not empty, no NUL, at most 255 characters and
     * 1020 bytes, well-formed Unicode.
     */
    public static byte[] nodeName(String name, String what) {
        byte[] bytes = utf8(name, what);
        int chars = name.codePointCount(0, name.length());
        if (chars > EpmdProtocol.MAX_NAME_CHARS) {
            throw new IllegalArgumentException(what + " must be at most " + EpmdProtocol.MAX_NAME_CHARS
                    + " characters, got " + chars);
        }
        if (bytes.length > EpmdProtocol.MAX_SYMBOL_BYTES) {
            throw new IllegalArgumentException(what + " must be at most " + EpmdProtocol.MAX_SYMBOL_BYTES
                    + " bytes in UTF-8, got " + bytes.length);
        }
        return bytes;
    }

    private static byte[] utf8(String name, String what) {
        if (name == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        int nul = name.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException(what + " must not contain NUL (at index " + nul + ")");
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer encoded = encoder.encode(CharBuffer.wrap(name));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not well-formed Unicode (unpaired surrogate): "
                    + e.getMessage(), e);
        }
    }

    private static byte[] tagged(byte tag, byte[] payload) {
        ByteBuffer body = ByteBuffer.allocate(3 + payload.length);
        body.putShort((short) (1 + payload.length)).put(tag).put(payload);
        return body.array();
    }
}
