package io.noderpc.epmd.internal.server;

/**
 * One decoded EPMD request. Framing and the checks that OTP answers by closing the connection
 * without a reply are done by {@link EpmdRequestDecoder}; everything a request carries here is
 * well-formed at the byte level.
 */
public sealed interface EpmdRequest {

    /**
     * ALIVE2_REQ. The name is kept as raw bytes: whether it is acceptable (UTF-8, length) is decided
     * at registration, where OTP answers a refusal instead of closing.
     */
    record Alive2(int port, int nodeType, int protocol, int highestVersion, int lowestVersion,
                  byte[] name, byte[] extra) implements EpmdRequest {
    }

    /** PORT_PLEASE2_REQ for a validated name. */
    record PortPlease2(String name) implements EpmdRequest {
    }

    /** NAMES_REQ. */
    record Names() implements EpmdRequest {
    }

    /** DUMP_REQ. */
    record Dump() implements EpmdRequest {
    }

    /** KILL_REQ. */
    record Kill() implements EpmdRequest {
    }

    /** STOP_REQ; the name is a C string (up to its first NUL), not checked for UTF-8, never empty. */
    record Stop(byte[] name) implements EpmdRequest {
    }
}
