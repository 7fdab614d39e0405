package io.noderpc.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.noderpc.core.CodecException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForyCodecTest {

    public record Point(int x, int y) {
    }

    public enum Color { RED, GREEN }

    public static final class Order {
        public String id;
        public List<Point> points = new ArrayList<>();
        public Color color;
        public Map<String, Point> byName = new HashMap<>();
    }

    /** Counts its instances: decoding must never create one unless registered. */
    public static final class Canary {
        static final AtomicInteger CREATED = new AtomicInteger();
        public int value;

        public Canary() {
            CREATED.incrementAndGet();
        }
    }

    private static Object roundTrip(Codec codec, Object value) {
        ByteBuf buf = codec.encode(value, ByteBufAllocator.DEFAULT);
        try {
            return codec.decode(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void commonJdkTypesWorkWithoutRegistration() {
        ForyCodec codec = ForyCodec.create();
        List<Object> values = Arrays.asList(null, "héllo", 42, 42L, 1.5d, 1.5f, true, 'c', (byte) 1, (short) 2,
                BigInteger.TEN.pow(30), new BigDecimal("1.25"), UUID.randomUUID(), Instant.now(), Duration.ofSeconds(3),
                Optional.of("x"), List.of(1, 2, 3), new ArrayList<>(List.of("a")), Map.of("k", 1),
                new TreeMap<>(Map.of("b", 2, "a", 1)), Set.of(1, 2), new HashMap<>(Map.of("n", List.of(1L))));
        for (Object value : values) {
            assertEquals(value, roundTrip(codec, value), String.valueOf(value));
        }
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) roundTrip(codec, new byte[] {1, 2, 3}));
        assertArrayEquals(new int[] {1, 2}, (int[]) roundTrip(codec, new int[] {1, 2}));
        assertArrayEquals(new String[] {"a", null}, (String[]) roundTrip(codec, new String[] {"a", null}));
        assertArrayEquals(new Object[] {"a", 1}, (Object[]) roundTrip(codec, new Object[] {"a", 1}));
    }

    @Test
    void nothingDecodedSharesThePayloadsMemoryWhichItsPoolReusesOnceReleased() {
        ForyCodec codec = ForyCodec.create();
        byte[] bytes = new byte[100];
        Arrays.fill(bytes, (byte) 7);
        ByteBuf encoded = codec.encode(new Object[] {java.nio.ByteBuffer.wrap(bytes), bytes, "text"},
                ByteBufAllocator.DEFAULT);
        try {
            for (ByteBuf payload : new ByteBuf[] {PooledByteBufAllocator.DEFAULT.heapBuffer(),
                    PooledByteBufAllocator.DEFAULT.directBuffer()}) {
                payload.writeBytes(encoded, encoded.readerIndex(), encoded.readableBytes());
                Object[] decoded = (Object[]) codec.decode(payload);
                payload.setZero(0, payload.capacity()); // as the next read into the pooled memory would
                payload.release();
                java.nio.ByteBuffer buffer = (java.nio.ByteBuffer) decoded[0];
                byte[] copy = new byte[buffer.remaining()];
                buffer.duplicate().get(copy);
                assertArrayEquals(bytes, copy, "the ByteBuffer kept its bytes, " + (payload.hasArray() ? "heap"
                        : "direct") + " payload");
                assertArrayEquals(bytes, (byte[]) decoded[1]);
                assertEquals("text", decoded[2]);
            }
        } finally {
            encoded.release();
        }
    }

    @Test
    void registeredUserTypesRoundTrip() {
        ForyCodec codec = ForyCodec.builder().register(Point.class, Color.class, Order.class).build();
        assertEquals(new Point(1, 2), roundTrip(codec, new Point(1, 2)));
        assertEquals(Color.GREEN, roundTrip(codec, Color.GREEN));
        assertArrayEquals(new Point[] {new Point(3, 4)}, (Point[]) roundTrip(codec, new Point[] {new Point(3, 4)}));
        Order order = new Order();
        order.id = "o-1";
        order.points.add(new Point(5, 6));
        order.color = Color.RED;
        order.byName.put("p", new Point(7, 8));
        Order back = (Order) roundTrip(codec, order);
        assertEquals("o-1", back.id);
        assertEquals(List.of(new Point(5, 6)), back.points);
        assertEquals(Color.RED, back.color);
        assertEquals(new Point(7, 8), back.byName.get("p"));
        assertTrue(codec.isRegistered(Point.class));
        assertTrue(codec.isRegistered(Point[].class));
        assertTrue(codec.isRegistered(String.class));
        assertFalse(codec.isRegistered(Canary.class));
    }

    @Test
    void registrationOrderDoesNotMatter() {
        ForyCodec a = ForyCodec.builder().register(Point.class, Color.class).build();
        ForyCodec b = ForyCodec.builder().register(Color.class, Point.class).build();
        ByteBuf buf = a.encode(List.of(Color.RED, new Point(1, 1)), ByteBufAllocator.DEFAULT);
        assertEquals(List.of(Color.RED, new Point(1, 1)), b.decode(buf));
        buf.release();
    }

    @Test
    void unregisteredClassIsRefusedOnEncode() {
        ForyCodec codec = ForyCodec.create();
        CodecException e = assertThrows(CodecException.class,
                () -> codec.encode(List.of(new Point(1, 2)), ByteBufAllocator.DEFAULT));
        assertTrue(e.getMessage().contains(Point.class.getName() + " is not registered"), e.getMessage());
        assertTrue(e.getMessage().contains("codec.register(Point.class)"), e.getMessage());
        assertThrows(CodecException.class, () -> codec.encode(Thread.State.NEW, ByteBufAllocator.DEFAULT));
    }

    @Test
    void unregisteredClassIsRefusedOnDecodeWithoutInstantiatingIt() {
        ForyCodec sender = ForyCodec.builder().register(Canary.class).build();
        ForyCodec receiver = ForyCodec.create();
        Canary canary = new Canary();
        canary.value = 7;
        ByteBuf buf = sender.encode(Map.of("c", canary), ByteBufAllocator.DEFAULT);
        int created = Canary.CREATED.get();
        CodecException e = assertThrows(CodecException.class, () -> receiver.decode(buf));
        assertTrue(e.getMessage().contains(Canary.class.getName() + " is not registered"), e.getMessage());
        assertEquals(created, Canary.CREATED.get(), "no Canary was created while decoding");
        // the counter does detect decoding: a registered receiver creates one
        assertEquals(7, ((Canary) ((Map<?, ?>) sender.decode(buf)).get("c")).value);
        assertEquals(created + 1, Canary.CREATED.get());
        buf.release();
    }

    @Test
    void registeringAfterFirstUseTakesEffect() {
        ForyCodec codec = ForyCodec.create();
        assertEquals("warm", roundTrip(codec, "warm"));
        assertThrows(CodecException.class, () -> codec.encode(new Point(1, 1), ByteBufAllocator.DEFAULT));
        codec.register(Point.class);
        assertEquals(new Point(1, 1), roundTrip(codec, new Point(1, 1)));
    }

    @Test
    void malformedPayloadsGiveCodecExceptions() {
        ForyCodec codec = ForyCodec.create();
        assertThrows(CodecException.class, () -> codec.decode(Unpooled.EMPTY_BUFFER));
        assertThrows(CodecException.class, () -> codec.decode(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5})));
        ByteBuf valid = codec.encode("abc", ByteBufAllocator.DEFAULT);
        ByteBuf trailing = Unpooled.wrappedBuffer(valid, Unpooled.wrappedBuffer(new byte[] {0}));
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(trailing));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        trailing.release();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            try {
                codec.decode(Unpooled.wrappedBuffer(junk));
            } catch (CodecException expected) {
                // the only failure allowed
            }
        }
    }

    @Test
    void decodesHeapDirectAndCompositeBuffersWithoutConsumingThem() {
        ForyCodec codec = ForyCodec.builder().register(Point.class).build();
        ByteBuf heap = codec.encode(new Point(9, 9), ByteBufAllocator.DEFAULT);
        byte[] bytes = new byte[heap.readableBytes()];
        heap.getBytes(heap.readerIndex(), bytes);
        heap.release();
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes);
        assertEquals(new Point(9, 9), codec.decode(direct));
        assertEquals(bytes.length, direct.readableBytes());
        direct.release();
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.wrappedBuffer(bytes, 0, 3));
        composite.addComponent(true, Unpooled.wrappedBuffer(bytes, 3, bytes.length - 3));
        assertEquals(new Point(9, 9), codec.decode(composite, Point.class));
        composite.release();
        ByteBuf offset = Unpooled.buffer().writeZero(5).writeBytes(bytes);
        offset.skipBytes(5);
        assertEquals(new Point(9, 9), codec.decode(offset));
    }

    @Test
    void typedDecodeChecksTheType() {
        ForyCodec codec = ForyCodec.create();
        ByteBuf buf = codec.encode("text", ByteBufAllocator.DEFAULT);
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(buf, Integer.class));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
        buf.release();
        ByteBuf nul = codec.encode(null, ByteBufAllocator.DEFAULT);
        assertNull(codec.decode(nul, Integer.class));
        nul.release();
    }

    @Test
    void isThreadSafe() throws Exception {
        ForyCodec codec = ForyCodec.builder().register(Point.class).poolSize(2).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        Point p = new Point(seed, i);
                        assertEquals(List.of(p, "s" + i), roundTrip(codec, List.of(p, "s" + i)));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesRegistrationsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> ForyCodec.create().register(Point[].class));
        assertThrows(IllegalArgumentException.class, () -> ForyCodec.create().register(int.class));
        assertThrows(IllegalArgumentException.class, () -> ForyCodec.create().register(Runnable.class));
        assertThrows(IllegalArgumentException.class, () -> ForyCodec.builder().poolSize(0));
    }
}
