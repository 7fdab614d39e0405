package io.noderpc.epmd.internal;

import java.nio.charset.StandardCharsets;

/**
 * Wire constants of the EPMD protocol, as OTP's {@code epmd_int.h} and {@code epmd.h} define them.
 *
 * <p>A request is {@code Length:16/big} followed by {@code Length} bytes whose first byte is the tag.
 * Responses carry no length prefix; a one-shot response ends when the server closes the connection.
 */
public final class EpmdProtocol {

    public static final int DEFAULT_PORT = 4369;

    public static final byte ALIVE2_REQ = 120;      // 'x'
    public static final byte ALIVE2_RESP = 121;     // 'y'
    public static final byte ALIVE2_X_RESP = 118;   // 'v'
    public static final byte PORT_PLEASE2_REQ = 122; // 'z'
    public static final byte PORT2_RESP = 119;      // 'w'
    public static final byte NAMES_REQ = 110;       // 'n'
    public static final byte DUMP_REQ = 100;        // 'd'
    public static final byte KILL_REQ = 107;        // 'k'
    public static final byte STOP_REQ = 115;        // 's'

    /** OTP's {@code MAXSYMLEN}: the longest name or extra, in bytes. */
    public static final int MAX_SYMBOL_BYTES = 255 * 4;
    /** Longest node name, in UTF-8 characters. */
    public static final int MAX_NAME_CHARS = 255;
    /** OTP's {@code INBUF_SIZE}: a request (length prefix included) must be shorter than this. */
    public static final int INBUF_SIZE = 3 * MAX_SYMBOL_BYTES;
    /** The largest {@code Length} a request may announce: {@code Length + 2 < INBUF_SIZE}. */
    public static final int MAX_REQUEST_LENGTH = INBUF_SIZE - 3;

    /** Fixed part of an ALIVE2_REQ body: tag, port, type, protocol, high, low, nlen, elen. */
    public static final int ALIVE2_FIXED_BYTES = 13;

    /** Creation handed back with a refused registration (OTP always uses 99). */
    public static final int REFUSED_CREATION = 99;
    /** {@code HighestVersion} from which the 32-bit ALIVE2_X_RESP is used. */
    public static final int X_RESP_MIN_VERSION = 6;

    /** Default seconds a connection without a complete request stays open (OTP's {@code CLOSE_TIMEOUT}). */
    public static final int DEFAULT_PACKET_TIMEOUT_SECONDS = 60;
    /** Unregistered names remembered so that a re-registration gets a new creation. */
    public static final int MAX_UNREG_COUNT = 1000;
    /** The same bound when debugging is on, as OTP does. */
    public static final int DEBUG_MAX_UNREG_COUNT = 5;

    public static final byte[] KILL_OK = "OK".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] KILL_NO = "NO".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] STOPPED = "STOPPED".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] NOEXIST = "NOEXIST".getBytes(StandardCharsets.US_ASCII);

    private EpmdProtocol() {
    }
}
