package io.noderpc.core.frame;

/**
 * The type byte of a frame. Codes are part of the wire protocol: never renumber, only append.
 *
 * <p>Handshake types are decoded only by the handshake decoder, before authentication; all others only by
 * {@link FrameDecoder}, after it. See {@link Frame} for the header each type carries.
 */
public enum FrameType {
    /** Handshake: client opens (versions, names, key, client challenge). */
    HELLO(0x01, Kind.HANDSHAKE),
    /** Handshake: server answers (chosen version, its name, server challenge). */
    CHALLENGE(0x02, Kind.HANDSHAKE),
    /** Handshake: client proves the cookie. */
    PROOF(0x03, Kind.HANDSHAKE),
    /** Handshake: server accepts and proves the cookie in turn. */
    ACCEPT(0x04, Kind.HANDSHAKE),
    /** Handshake: either side refuses, with an error kind and a reason. */
    REJECT(0x05, Kind.HANDSHAKE),

    /** A call expecting a REPLY or ERROR with the same id. Header: timeout, service, function. */
    CALL(0x10, Kind.MESSAGE),
    /** A cast, executed in no particular order. Header: service, function. */
    CAST(0x11, Kind.MESSAGE),
    /** A cast executed in order with the other ordered casts of its link. Header: service, function. */
    ORDERED_CAST(0x12, Kind.MESSAGE),
    /** The result of the CALL with the same id. */
    REPLY(0x13, Kind.MESSAGE),
    /** The failure of the CALL with the same id; the payload is a {@link RemoteError}. */
    ERROR(0x14, Kind.MESSAGE),
    /** A message for a named mailbox on the remote node, not acknowledged. Header: name. */
    ABCAST(0x15, Kind.MESSAGE),
    /** A message for a named mailbox, acknowledged by SBCAST_REPLY. Header: name. */
    SBCAST(0x16, Kind.MESSAGE),
    /** Whether the SBCAST with the same id reached a mailbox. Header: delivered flag. */
    SBCAST_REPLY(0x17, Kind.CONTROL),
    /** The caller gave up on the CALL with the same id. */
    CANCEL(0x18, Kind.CONTROL),
    /** Liveness probe, answered by PONG with the same id. */
    PING(0x20, Kind.CONTROL),
    /** Answer to PING. */
    PONG(0x21, Kind.CONTROL),
    /** A continuation of the fragmented message with the same id; flag LAST on the final one. */
    CHUNK(0x30, Kind.CONTROL);

    private enum Kind { HANDSHAKE, MESSAGE, CONTROL }

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final Kind kind;

    FrameType(int code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    /** The type byte. */
    public int code() {
        return code;
    }

    /** Whether this type belongs to the handshake. */
    public boolean isHandshake() {
        return kind == Kind.HANDSHAKE;
    }

    /**
     * Whether frames of this type carry a payload and may be fragmented into chunks. Control frames (and CHUNK
     * itself, whose payload is a fragment) may not.
     */
    public boolean isMessage() {
        return kind == Kind.MESSAGE;
    }

    /**
     * Whether frames of this type answer a request: REPLY and ERROR, the answers that may be chunked. Their
     * continuation CHUNKs carry {@link Frame#FLAG_ANSWER}, so that on a link where both peers send requests (a
     * shared link) a chunked answer and a chunked request with the same id are reassembled apart.
     */
    public boolean isAnswer() {
        return this == REPLY || this == ERROR;
    }

    /** The type with this code, or {@code null}. */
    public static FrameType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
