package io.noderpc.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.noderpc.core.CodecException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.ForyBuilder;
import org.apache.fory.config.Language;
import org.apache.fory.exception.InsecureException;
import org.apache.fory.memory.MemoryBuffer;

/**
 * The default {@link Codec}, on Apache Fory (Java mode) with class registration required.
 *
 * <p><b>Out of the box</b>: {@code null}, {@code String}, boxed primitives, primitive arrays, {@code String[]},
 * {@code Object[]}, the JDK collections and maps ({@code ArrayList}, {@code LinkedList}, {@code ArrayDeque},
 * {@code List.of}, {@code Arrays.asList}, {@code HashMap}, {@code LinkedHashMap}, {@code TreeMap},
 * {@code Map.of}, {@code HashSet}, {@code TreeSet}, {@code Set.of}, unmodifiable and empty views),
 * {@code BigInteger}, {@code BigDecimal}, {@code UUID}, {@code Optional}, {@code Date} and {@code java.time} values.
 * <b>Everything else</b> (your records, classes and enums, including JDK enums) must be {@link #register
 * registered} on both nodes; arrays of a registered class then work too.
 *
 * <p>Registration is by class name, so order does not matter. An unregistered class is refused with a
 * {@link CodecException} naming it: on encode, and on decode before any instance is created (Fory checks the class
 * while reading its name, before constructing anything). Fory's own decode limits apply (nesting depth 50,
 * container sizes bounded by the bytes present), so a small payload cannot make it allocate unboundedly.
 *
 * <p>Thread-safe: a pool of Fory instances. Registering after first use rebuilds the pool (Fory freezes
 * registration once used), which costs one warm-up; register at start when you can.
 */
public final class ForyCodec implements Codec {

    /** Default number of Fory instances pooled: twice the processors, at least 4. */
    public static final int DEFAULT_POOL_SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private static final Pattern UNREGISTERED = Pattern.compile("[Cc]lass (\\S+?)[,.]? is not registered");

    /** Encoded values larger than this go out as a composite of pieces of this size (the default chunk size). */
    static final int PIECE_SIZE = 64 * 1024;
    /** The size a new scratch buffer starts with. */
    private static final int INITIAL_SCRATCH_SIZE = 64 * 1024;
    /** Scratch buffers that grew beyond this are dropped after use rather than kept (memory held at rest). */
    static final int MAX_POOLED_SCRATCH_SIZE = 16 * 1024 * 1024;

    private final int poolSize;
    /** Reused encode buffers, at most one per pooled Fory instance: encoding then grows no array once warm. */
    private final java.util.concurrent.BlockingQueue<MemoryBuffer> scratchBuffers;
    private final boolean refTracking;
    private final Set<Class<?>> registered = new LinkedHashSet<>();
    private volatile ThreadSafeFory fory;

    private ForyCodec(Builder builder) {
        this.poolSize = builder.poolSize;
        this.scratchBuffers = new java.util.concurrent.ArrayBlockingQueue<>(builder.poolSize);
        this.refTracking = builder.refTracking;
        this.registered.addAll(builder.types);
    }

    /** A codec with the default settings and no registered classes. */
    public static ForyCodec create() {
        return builder().build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "fory";
    }

    @Override
    public synchronized ForyCodec register(Class<?>... types) {
        boolean changed = false;
        for (Class<?> type : types) {
            changed |= registered.add(checkRegistrable(type));
        }
        if (changed) {
            fory = null; // rebuilt with the new registrations on next use
        }
        return this;
    }

    @Override
    public boolean isRegistered(Class<?> type) {
        Class<?> component = type;
        while (component.isArray()) {
            component = component.getComponentType();
        }
        if (component.isPrimitive()) {
            return true;
        }
        synchronized (this) {
            if (registered.contains(component)) {
                return true;
            }
        }
        return fory().execute(f -> f.getTypeResolver().isRegistered(type));
    }

    @Override
    public ByteBuf encode(Object value, ByteBufAllocator alloc) {
        MemoryBuffer scratch = takeScratch();
        int size;
        try {
            scratch.writerIndex(0);
            fory().execute(f -> f.serialize(scratch, value));
            size = scratch.writerIndex();
        } catch (RuntimeException e) {
            giveBack(scratch);
            throw failure("encode", value == null ? "null" : value.getClass().getName(), e);
        } catch (StackOverflowError e) {
            giveBack(scratch);
            throw new CodecException("cannot encode a " + value.getClass().getName()
                    + ": it is nested too deeply or cyclic; cycles need ForyCodec.builder().refTracking(true)", e);
        }
        try {
            return copyOut(scratch.getHeapMemory(), size, alloc);
        } finally {
            giveBack(scratch);
        }
    }

    /**
     * The encoded bytes in a buffer of {@code alloc}: one buffer up to {@value #PIECE_SIZE} bytes, else a composite
     * of pieces of that size, which the allocator pools (an unpooled buffer of many megabytes would be zeroed and
     * freed for each message) and which the chunk writer sends one by one.
     */
    private static ByteBuf copyOut(byte[] bytes, int size, ByteBufAllocator alloc) {
        if (size <= PIECE_SIZE) {
            ByteBuf out = alloc.buffer(size);
            out.writeBytes(bytes, 0, size);
            return out;
        }
        CompositeByteBuf out = alloc.compositeBuffer((size + PIECE_SIZE - 1) / PIECE_SIZE);
        try {
            for (int offset = 0; offset < size; offset += PIECE_SIZE) {
                int n = Math.min(PIECE_SIZE, size - offset);
                ByteBuf piece = alloc.buffer(n);
                piece.writeBytes(bytes, offset, n);
                out.addComponent(true, piece);
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }

    /** A scratch buffer to encode into: a pooled one, else a new one. */
    private MemoryBuffer takeScratch() {
        MemoryBuffer scratch = scratchBuffers.poll();
        return scratch != null ? scratch : MemoryBuffer.newHeapBuffer(INITIAL_SCRATCH_SIZE);
    }

    /** Pools {@code scratch} again, unless it grew beyond what is worth keeping. */
    private void giveBack(MemoryBuffer scratch) {
        if (scratch.size() <= MAX_POOLED_SCRATCH_SIZE) {
            scratchBuffers.offer(scratch);
        }
    }

    @Override
    public Object decode(ByteBuf payload) {
        int length = payload.readableBytes();
        if (length == 0) {
            throw new CodecException("cannot decode an empty payload: the peer sent no value");
        }
        // Decoded from bytes of its own, never from the payload's memory: Fory hands out views of its input for some
        // types (a ByteBuffer is a slice of it), and the payload goes back to Netty's pool, to be reused, as soon as
        // its frame is released, which is before the function that gets the arguments runs.
        byte[] bytes = new byte[length];
        payload.getBytes(payload.readerIndex(), bytes);
        MemoryBuffer buffer = MemoryBuffer.fromByteArray(bytes);
        Object value;
        try {
            value = fory().deserialize(buffer);
        } catch (RuntimeException e) {
            throw failure("decode", "payload of " + length + " bytes", e);
        } catch (StackOverflowError e) {
            throw new CodecException("cannot decode a payload of " + length + " bytes: it is nested too deeply", e);
        }
        if (buffer.readerIndex() != length) {
            throw new CodecException("payload of " + length + " bytes has " + (length - buffer.readerIndex())
                    + " trailing bytes after its value; the peer's codec is not compatible");
        }
        return value;
    }

    private ThreadSafeFory fory() {
        ThreadSafeFory f = fory;
        if (f == null) {
            synchronized (this) {
                f = fory;
                if (f == null) {
                    f = build(new ArrayList<>(registered));
                    fory = f;
                }
            }
        }
        return f;
    }

    private ThreadSafeFory build(List<Class<?>> types) {
        ThreadSafeFory f = new ForyBuilder()
                .withLanguage(Language.JAVA)
                .requireClassRegistration(true)
                .withDeserializeUnknownClass(false)
                .withRefTracking(refTracking)
                .withAsyncCompilation(false)
                .suppressClassRegistrationWarnings(true)
                .buildThreadSafeForyPool(poolSize);
        for (Class<?> type : types) {
            f.register(type, type.getName());
        }
        return f;
    }

    private static Class<?> checkRegistrable(Class<?> type) {
        Objects.requireNonNull(type, "type");
        if (type.isArray() || type.isPrimitive()) {
            throw new IllegalArgumentException("register " + type.getName() + "'s element class, not the "
                    + (type.isArray() ? "array" : "primitive") + " class");
        }
        if (type.isInterface() && !type.isAnnotation()) {
            throw new IllegalArgumentException("register the concrete classes implementing " + type.getName()
                    + ", not the interface");
        }
        return type;
    }

    private static CodecException failure(String action, String what, RuntimeException e) {
        String unregistered = unregisteredClass(e);
        if (unregistered != null) {
            return new CodecException("cannot " + action + " " + what + ": class " + unregistered
                    + " is not registered with the codec; register it on both nodes (codec.register("
                    + simpleName(unregistered) + ".class)) - only registered classes are ever instantiated", e);
        }
        return new CodecException("cannot " + action + " " + what + ": " + e
                + (action.equals("decode") ? "; the bytes are malformed or the peer's codec is not compatible" : ""),
                e);
    }

    private static String unregisteredClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InsecureException && t.getMessage() != null) {
                Matcher m = UNREGISTERED.matcher(t.getMessage());
                return m.find() ? m.group(1) : "(unknown)";
            }
        }
        return null;
    }

    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    /** Builds a {@link ForyCodec}. */
    public static final class Builder {

        private int poolSize = DEFAULT_POOL_SIZE;
        private boolean refTracking;
        private final List<Class<?>> types = new ArrayList<>();

        private Builder() {
        }

        /** Fory instances pooled (callers beyond this wait for one), at least 1. Default {@link #DEFAULT_POOL_SIZE}. */
        public Builder poolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("poolSize must be at least 1: " + size);
            }
            this.poolSize = size;
            return this;
        }

        /**
         * Whether shared references and cycles are preserved (slower). Default {@code false}: shared objects are
         * duplicated and a cycle fails to encode.
         */
        public Builder refTracking(boolean enabled) {
            this.refTracking = enabled;
            return this;
        }

        /** Registers classes, as {@link ForyCodec#register}. */
        public Builder register(Class<?>... classes) {
            for (Class<?> type : classes) {
                types.add(checkRegistrable(type));
            }
            return this;
        }

        /** The codec. */
        public ForyCodec build() {
            return new ForyCodec(this);
        }
    }
}
