package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.noderpc.core.internal.WireStrings;
import java.util.Objects;

/**
 * One frame of a data link after the handshake: a type, flags, a message id, a type-specific header and a payload.
 * The payload is the {@link #content()}, reference-counted: whoever receives a frame releases it.
 *
 * <h2>Wire layout</h2>
 * All integers big-endian; {@code str8} is a {@code u8} length then UTF-8 (names, never empty).
 * <pre>
 *  0        4      5       6                  14           18
 *  +--------+------+-------+------------------+------------+-------------------+-----------------+
 *  | length | type | flags | id               | total      | type header       | payload         |
 *  | u32    | u8   | u8    | i64              | u32, only  | (see below)       | rest of frame   |
 *  |        |      |       |                  | FRAGMENTED |                   |                 |
 *  +--------+------+-------+------------------+------------+-------------------+-----------------+
 *  length = bytes after the length field, at least 10, at most the receiver's maxFrameLength; or 0, a tick
 *           (four zero bytes, no body) on links built to accept ticks, malformed elsewhere
 *
 *  type header by type:
 *    CALL                 u32 timeoutMillis (0 = none), str8 service, str8 function
 *    CAST, ORDERED_CAST   str8 service, str8 function
 *    ABCAST, SBCAST       str8 name (a mailbox registered on the receiver)
 *    SBCAST_REPLY         u8 delivered (0 or 1)
 *    REPLY, ERROR, CANCEL, PING, PONG, CHUNK: none
 *
 *  flags: 0x01 FRAGMENTED  first fragment of a chunked message: "total" is the whole payload's length, this frame
 *                          carries its first bytes, CHUNK frames with the same id carry the rest (message types only)
 *         0x02 LAST        the final CHUNK of a message (CHUNK only)
 *         0x04 ANSWER      this CHUNK continues an answer (REPLY or ERROR), not a request (CHUNK only)
 *         other bits       reserved, must be 0
 * </pre>
 * The id is a 64-bit number chosen by the sender of a message, unique among its outstanding messages on the link;
 * a REPLY, ERROR, SBCAST_REPLY or CANCEL carries the id of the request it answers, a PONG that of its PING.
 * Requests and answers are two id spaces: on a link where both peers send requests, a peer's request 5 and the
 * answer to our request 5 may be in flight at once, so the CHUNKs of an answer say so ({@code ANSWER}) and are
 * reassembled apart from those of a request.
 * Payloads are produced by the value {@code Codec}, except ERROR's ({@link RemoteError}). Control frames
 * (SBCAST_REPLY, CANCEL, PING, PONG) have no payload.
 *
 * <p>Frames are built by the static factories, which validate names ({@link IllegalArgumentException}); fragments
 * and chunks are made only by {@link ChunkWriter}.
 */
public final class Frame extends DefaultByteBufHolder {

    /** Flag: first fragment of a chunked message. */
    public static final int FLAG_FRAGMENTED = 0x01;
    /** Flag: last chunk of a chunked message. */
    public static final int FLAG_LAST = 0x02;
    /** Flag: a chunk continuing an answer (REPLY or ERROR) rather than a request; CHUNK frames only. */
    public static final int FLAG_ANSWER = 0x04;
    /** Bytes before the type header: length, type, flags, id. */
    public static final int PREFIX_LENGTH = 4 + 1 + 1 + 8;
    /** The longest possible header (prefix, total, CALL's timeout and two maximal names); payload excluded. */
    public static final int MAX_HEADER_LENGTH = PREFIX_LENGTH + 4 + 4 + 2 * (1 + WireStrings.MAX_STR8);
    /** The bytes of a tick: a length field of 0 and nothing after it. */
    public static final int TICK_LENGTH = 4;

    private final FrameType type;
    private final int flags;
    private final long id;
    private final String service;
    private final String function;
    private final long timeoutMillis;
    private final boolean delivered;
    private final long totalLength;

    Frame(FrameType type, int flags, long id, String service, String function, long timeoutMillis,
          boolean delivered, long totalLength, ByteBuf payload) {
        super(payload);
        this.type = type;
        this.flags = flags;
        this.id = id;
        this.service = service;
        this.function = function;
        this.timeoutMillis = timeoutMillis;
        this.delivered = delivered;
        this.totalLength = totalLength;
    }

    private static Frame message(FrameType type, long id, String service, String function, long timeoutMillis,
                                 ByteBuf payload) {
        return new Frame(type, 0, id, service, function, timeoutMillis, false, -1,
                Objects.requireNonNull(payload, "payload"));
    }

    /**
     * A CALL.
     *
     * @param timeoutMillis how long the caller waits, so that the receiver can drop work nobody awaits; 0 = no limit
     */
    public static Frame call(long id, String service, String function, long timeoutMillis, ByteBuf payload) {
        WireStrings.checkName(service, "service");
        WireStrings.checkName(function, "function");
        if (timeoutMillis < 0 || timeoutMillis > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timeoutMillis must be in [0, 2^32-1]: " + timeoutMillis);
        }
        return message(FrameType.CALL, id, service, function, timeoutMillis, payload);
    }

    /** A CAST. */
    public static Frame cast(long id, String service, String function, ByteBuf payload) {
        WireStrings.checkName(service, "service");
        WireStrings.checkName(function, "function");
        return message(FrameType.CAST, id, service, function, 0, payload);
    }

    /** An ORDERED_CAST: never overtakes an earlier ordered cast on the same link, even when chunked. */
    public static Frame orderedCast(long id, String service, String function, ByteBuf payload) {
        WireStrings.checkName(service, "service");
        WireStrings.checkName(function, "function");
        return message(FrameType.ORDERED_CAST, id, service, function, 0, payload);
    }

    /** A REPLY to the CALL {@code id}. */
    public static Frame reply(long id, ByteBuf payload) {
        return message(FrameType.REPLY, id, null, null, 0, payload);
    }

    /** An ERROR answering the CALL {@code id}; {@code payload} holds an encoded {@link RemoteError}. */
    public static Frame error(long id, ByteBuf payload) {
        return message(FrameType.ERROR, id, null, null, 0, payload);
    }

    /** An ERROR answering the CALL {@code id} with {@code error}, encoded into a buffer from {@code alloc}. */
    public static Frame error(long id, RemoteError error, ByteBufAllocator alloc) {
        return error(id, error.encode(alloc));
    }

    /** An ABCAST to the mailbox {@code name}. */
    public static Frame abcast(long id, String name, ByteBuf payload) {
        WireStrings.checkName(name, "mailbox name");
        return message(FrameType.ABCAST, id, name, null, 0, payload);
    }

    /** An SBCAST to the mailbox {@code name}, answered by {@link #sbcastReply}. */
    public static Frame sbcast(long id, String name, ByteBuf payload) {
        WireStrings.checkName(name, "mailbox name");
        return message(FrameType.SBCAST, id, name, null, 0, payload);
    }

    /** The answer to SBCAST {@code id}: whether a mailbox of that name received it. */
    public static Frame sbcastReply(long id, boolean delivered) {
        return new Frame(FrameType.SBCAST_REPLY, 0, id, null, null, 0, delivered, -1, Unpooled.EMPTY_BUFFER);
    }

    /** The caller no longer awaits CALL {@code id}. */
    public static Frame cancel(long id) {
        return control(FrameType.CANCEL, id);
    }

    /** A PING. */
    public static Frame ping(long id) {
        return control(FrameType.PING, id);
    }

    /** The PONG answering PING {@code id}. */
    public static Frame pong(long id) {
        return control(FrameType.PONG, id);
    }

    private static Frame control(FrameType type, long id) {
        return new Frame(type, 0, id, null, null, 0, false, -1, Unpooled.EMPTY_BUFFER);
    }

    /**
     * A new buffer holding one tick: {@value #TICK_LENGTH} zero bytes, an empty frame, as Erlang's distribution
     * channel sends to show it is alive. The owner of a link built with
     * {@code LinkPipeline.addLinkStages(..., emptyFramesAreTicks = true)} writes it straight to the channel (it passes
     * the frame stages untouched); the peer's {@link FrameDecoder} drops it. A link without ticks treats it as a
     * malformed frame. Writing it releases it.
     */
    public static ByteBuf tick() {
        return Unpooled.wrappedBuffer(new byte[TICK_LENGTH]);
    }

    /** A CHUNK of request {@code id}. */
    static Frame chunk(long id, boolean last, ByteBuf data) {
        return chunk(id, false, last, data);
    }

    /** A CHUNK of message {@code id}: of an answer (REPLY, ERROR) if {@code answer}, else of a request. */
    static Frame chunk(long id, boolean answer, boolean last, ByteBuf data) {
        int flags = (answer ? FLAG_ANSWER : 0) | (last ? FLAG_LAST : 0);
        return new Frame(FrameType.CHUNK, flags, id, null, null, 0, false, -1, data);
    }

    /** This message's header with FRAGMENTED set, announcing {@code total} bytes, carrying {@code first}. */
    Frame firstFragment(long total, ByteBuf first) {
        return new Frame(type, flags | FLAG_FRAGMENTED, id, service, function, timeoutMillis, delivered, total, first);
    }

    /** This message's header without FRAGMENTED, carrying the whole reassembled {@code payload}. */
    Frame reassembled(ByteBuf payload) {
        return new Frame(type, flags & ~FLAG_FRAGMENTED, id, service, function, timeoutMillis, delivered, -1, payload);
    }

    /** The type. */
    public FrameType type() {
        return type;
    }

    /** The flag bits ({@link #FLAG_FRAGMENTED}, {@link #FLAG_LAST}, {@link #FLAG_ANSWER}). */
    public int flags() {
        return flags;
    }

    /** The message id. */
    public long id() {
        return id;
    }

    /** The service of a CALL, CAST or ORDERED_CAST; {@code null} for other types. */
    public String service() {
        return type == FrameType.ABCAST || type == FrameType.SBCAST ? null : service;
    }

    /** The function of a CALL, CAST or ORDERED_CAST; {@code null} for other types. */
    public String function() {
        return function;
    }

    /** The mailbox name of an ABCAST or SBCAST; {@code null} for other types. */
    public String name() {
        return type == FrameType.ABCAST || type == FrameType.SBCAST ? service : null;
    }

    /** The caller's timeout of a CALL in milliseconds, 0 for none (and for other types). */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Whether the SBCAST answered by this SBCAST_REPLY reached a mailbox. */
    public boolean delivered() {
        return delivered;
    }

    /** Whether this is the first fragment of a chunked message (only seen between the chunk handlers). */
    public boolean isFragmented() {
        return (flags & FLAG_FRAGMENTED) != 0;
    }

    /** Whether this CHUNK is the last of its message. */
    public boolean isLast() {
        return (flags & FLAG_LAST) != 0;
    }

    /** Whether this CHUNK continues an answer (REPLY or ERROR) rather than a request. */
    public boolean isAnswerChunk() {
        return (flags & FLAG_ANSWER) != 0;
    }

    /** The whole payload length announced by a first fragment, or -1. */
    public long totalLength() {
        return totalLength;
    }

    /** The payload; same as {@link #content()}. */
    public ByteBuf payload() {
        return content();
    }

    @Override
    public Frame replace(ByteBuf content) {
        return new Frame(type, flags, id, service, function, timeoutMillis, delivered, totalLength, content);
    }

    @Override
    public Frame copy() {
        return (Frame) super.copy();
    }

    @Override
    public Frame duplicate() {
        return (Frame) super.duplicate();
    }

    @Override
    public Frame retainedDuplicate() {
        return (Frame) super.retainedDuplicate();
    }

    @Override
    public Frame retain() {
        super.retain();
        return this;
    }

    @Override
    public Frame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public Frame touch() {
        super.touch();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Frame(").append(type).append(" id=").append(id);
        if (service != null) {
            b.append(' ').append(service);
        }
        if (function != null) {
            b.append(':').append(function);
        }
        if (type == FrameType.CALL) {
            b.append(" timeout=").append(timeoutMillis).append("ms");
        }
        if (type == FrameType.SBCAST_REPLY) {
            b.append(delivered ? " delivered" : " undelivered");
        }
        if (isFragmented()) {
            b.append(" fragmented total=").append(totalLength);
        }
        if (isAnswerChunk()) {
            b.append(" answer");
        }
        if (isLast()) {
            b.append(" last");
        }
        return b.append(" payload=").append(refCnt() > 0 ? content().readableBytes() + "B" : "released")
                .append(')').toString();
    }
}
