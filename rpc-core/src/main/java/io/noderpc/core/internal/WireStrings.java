package io.noderpc.core.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.noderpc.core.frame.MalformedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Length-prefixed UTF-8 strings of the hand-written wire formats.
 *
 * <ul>
 *   <li><b>str8</b>: {@code u8 length} then that many bytes of UTF-8. Used for names (services, functions, nodes,
 *       keys): never empty unless optional, no control characters.</li>
 *   <li><b>text16</b>: {@code u16 length} then UTF-8. Used for free text (error messages, stack traces): any valid
 *       UTF-8, truncated by the writer to the field's limit.</li>
 * </ul>
 *
 * Readers reject malformed UTF-8 (overlong forms, surrogates, truncated sequences) and lengths running past the
 * frame with {@link MalformedFrameException}; writers validate names with {@link IllegalArgumentException}.
 */
public final class WireStrings {

    /** The longest str8, in bytes. */
    public static final int MAX_STR8 = 255;

    private static final byte[] TRUNCATED = "...[truncated]".getBytes(StandardCharsets.US_ASCII);

    private WireStrings() {
    }

    /**
     * Checks that {@code value} can be sent as a str8 name.
     *
     * @throws IllegalArgumentException if it is null, empty, longer than 255 UTF-8 bytes or has control characters
     */
    public static void checkName(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        int bytes = ByteBufUtil.utf8Bytes(value);
        if (bytes > MAX_STR8) {
            throw new IllegalArgumentException(what + " is " + bytes + " bytes of UTF-8, more than " + MAX_STR8);
        }
        int control = firstControl(value);
        if (control >= 0) {
            throw new IllegalArgumentException(what + " contains control character U+"
                    + String.format("%04X", (int) value.charAt(control)) + " at index " + control);
        }
    }

    /** Writes a str8 name already checked with {@link #checkName}. */
    public static void writeStr8(ByteBuf out, String value) {
        int lengthIndex = out.writerIndex();
        out.writeByte(0);
        int written = ByteBufUtil.writeUtf8(out, value);
        out.setByte(lengthIndex, written);
    }

    /** Writes an optional str8: {@code null} is written as length 0. */
    public static void writeOptionalStr8(ByteBuf out, String value) {
        if (value == null) {
            out.writeByte(0);
        } else {
            writeStr8(out, value);
        }
    }

    /** Reads a non-empty str8 name. */
    public static String readStr8(ByteBuf in, String what) {
        String value = readOptionalStr8(in, what);
        if (value == null) {
            throw new MalformedFrameException(what + " is empty");
        }
        return value;
    }

    /** Reads an optional str8 name: length 0 gives {@code null}. */
    public static String readOptionalStr8(ByteBuf in, String what) {
        if (!in.isReadable()) {
            throw new MalformedFrameException("frame ends before the length of " + what);
        }
        int length = in.readUnsignedByte();
        if (length == 0) {
            return null;
        }
        String value = readUtf8(in, length, what);
        int control = firstControl(value);
        if (control >= 0) {
            throw new MalformedFrameException(what + " contains control character U+"
                    + String.format("%04X", (int) value.charAt(control)));
        }
        return value;
    }

    /** Writes {@code value} as text16, truncated to at most {@code maxBytes} bytes of UTF-8 (at most 65535). */
    public static void writeText16(ByteBuf out, String value, int maxBytes) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            int cut = maxBytes - TRUNCATED.length;
            while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
                cut--; // never split a multi-byte sequence
            }
            byte[] shortened = Arrays.copyOf(bytes, cut + TRUNCATED.length);
            System.arraycopy(TRUNCATED, 0, shortened, cut, TRUNCATED.length);
            bytes = shortened;
        }
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    /** Reads a text16 of at most {@code maxBytes} bytes. */
    public static String readText16(ByteBuf in, String what, int maxBytes) {
        if (in.readableBytes() < 2) {
            throw new MalformedFrameException("frame ends before the length of " + what);
        }
        int length = in.readUnsignedShort();
        if (length > maxBytes) {
            throw new MalformedFrameException(what + " is " + length + " bytes, more than " + maxBytes);
        }
        return readUtf8(in, length, what);
    }

    private static String readUtf8(ByteBuf in, int length, String what) {
        if (in.readableBytes() < length) {
            throw new MalformedFrameException(what + " claims " + length + " bytes but the frame has "
                    + in.readableBytes() + " left");
        }
        if (!ByteBufUtil.isText(in, in.readerIndex(), length, StandardCharsets.UTF_8)) {
            throw new MalformedFrameException(what + " is not valid UTF-8");
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    private static int firstControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
