package io.noderpc.core.handshake;

import io.noderpc.core.Cookie;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.handshake.HandshakeMessage.Challenge;
import io.noderpc.core.handshake.HandshakeMessage.Hello;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Constants of the handshake and the proofs exchanged in it.
 *
 * <p>Each side proves the cookie {@code K} with {@code HMAC-SHA256(K, label || transcript)}, where the label is
 * {@code "noderpc client proof\0"} for the client's proof and {@code "noderpc server proof\0"} for the server's (so a
 * proof can never be reflected back as the other direction's), and the transcript binds everything both sides said:
 * <pre>
 *  u16 minVersion | u16 maxVersion | u16 version | str8 client | str8 target | str8 key (empty if none)
 *  | clientChallenge[32] | str8 server | serverChallenge[32]
 * </pre>
 * Both challenges are fresh random bytes from each side, so proofs cannot be replayed; the names, the key and the
 * versions are bound so that neither can be altered in flight. The client proves first, so that a server never
 * hands a proof to a client that has not shown it knows the cookie.
 */
public final class HandshakeProtocol {

    /** The protocol version this implementation speaks. */
    public static final int VERSION = 1;
    /** Random bytes in each challenge. */
    public static final int CHALLENGE_LENGTH = 32;
    /** Bytes in each proof (an HMAC-SHA256). */
    public static final int PROOF_LENGTH = 32;
    /** The magic opening HELLO and CHALLENGE bodies: ASCII {@code NRPC}. */
    public static final int MAGIC = 0x4E525043;
    /** The longest handshake message accepted (bytes after the length field). */
    public static final int MAX_MESSAGE_LENGTH = 1024;
    /** The longest REJECT reason kept, in UTF-8 bytes. */
    public static final int MAX_REASON_LENGTH = 512;
    /** The error kinds a REJECT may carry. */
    public static final Set<ErrorKind> REJECT_KINDS =
            EnumSet.of(ErrorKind.AUTHENTICATION_FAILED, ErrorKind.BAD_NODE, ErrorKind.INCOMPATIBLE);

    private static final byte[] CLIENT_LABEL = "noderpc client proof\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_LABEL = "noderpc server proof\0".getBytes(StandardCharsets.US_ASCII);

    private HandshakeProtocol() {
    }

    /** The client's proof for this exchange. */
    static byte[] clientProof(Cookie cookie, Hello hello, Challenge challenge) {
        return cookie.hmacSha256(transcript(CLIENT_LABEL, hello, challenge));
    }

    /** The server's proof for this exchange. */
    static byte[] serverProof(Cookie cookie, Hello hello, Challenge challenge) {
        return cookie.hmacSha256(transcript(SERVER_LABEL, hello, challenge));
    }

    private static byte[] transcript(byte[] label, Hello hello, Challenge challenge) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(label);
        writeU16(out, hello.minVersion());
        writeU16(out, hello.maxVersion());
        writeU16(out, challenge.version());
        writeStr8(out, hello.client().toString());
        writeStr8(out, hello.target().toString());
        writeStr8(out, hello.key() == null ? "" : hello.key());
        out.writeBytes(hello.challenge());
        writeStr8(out, challenge.server().toString());
        out.writeBytes(challenge.challenge());
        return out.toByteArray();
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void writeStr8(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    static void checkLength(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
    }
}
