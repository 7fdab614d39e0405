package io.noderpc.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.noderpc.core.CodecException;

/**
 * Turns argument and result values into payload bytes and back. Both ends of a link must use compatible codecs
 * with the same classes registered; the default is {@link ForyCodec}.
 *
 * <p>Contract for implementations, which decode data from the network:
 * <ul>
 *   <li>Thread-safe: called concurrently from event loops and workers.</li>
 *   <li>Only registered classes (and the common JDK types the codec documents) are ever instantiated by
 *       {@link #decode}; an unregistered class is refused with {@link CodecException} before any instance of it
 *       exists. Java serialization ({@code ObjectInputStream}) is never used.</li>
 *   <li>Every failure, including malformed bytes, is a {@link CodecException} naming the cause and the remedy.</li>
 * </ul>
 */
public interface Codec {

    /** A short name for logs, e.g. {@code fory}. */
    String name();

    /**
     * Registers classes that may be encoded and decoded. Registration is by class name, so the two ends may
     * register in any order; arrays of a registered class need no registration of their own. May be called at any
     * time; a value encoded before a class was registered is unaffected.
     *
     * @return this codec
     */
    Codec register(Class<?>... types);

    /** Whether {@code type} may be encoded and decoded: registered, or supported out of the box. */
    boolean isRegistered(Class<?> type);

    /**
     * Encodes {@code value} (may be {@code null}) into a new buffer from {@code alloc}; the caller releases it.
     *
     * @throws CodecException if the value (or anything it references) is of an unregistered class or cannot be
     *                        encoded
     */
    ByteBuf encode(Object value, ByteBufAllocator alloc);

    /**
     * Decodes exactly the readable bytes of {@code payload}, which is neither released nor moved.
     *
     * @throws CodecException if the bytes name an unregistered class, are malformed, or have trailing bytes
     */
    Object decode(ByteBuf payload);

    /**
     * Decodes like {@link #decode(ByteBuf)} and checks the type of the result.
     *
     * @throws CodecException also if the value is not {@code null} and not an instance of {@code type}
     */
    default <T> T decode(ByteBuf payload, Class<T> type) {
        Object value = decode(payload);
        if (value != null && !type.isInstance(value)) {
            throw new CodecException("expected a " + type.getName() + " but decoded a " + value.getClass().getName()
                    + "; the two ends disagree on the signature");
        }
        return type.cast(value);
    }
}
