package io.noderpc.epmd.internal.server;

import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.epmd.EpmdEntry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NodeRegistryTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final NodeRegistry registry = new NodeRegistry(3, clock::get);
    private final EmbeddedChannel ch = new EmbeddedChannel();

    private long register(String name) {
        return registry.register(EpmdEntry.of(name, 1), ch, 5).counter();
    }

    @Test
    void aNewNameStartsFromTheClockPlusOne() {
        assertEquals(1_000_001, register("a"));
    }

    @Test
    void reRegistrationBumpsByOneEvenWhenTheClockMoved() {
        register("a");
        registry.unregister("a", ch);
        clock.set(5_000_000);
        assertEquals(1_000_002, register("a"));
    }

    @Test
    void theCounterNeverGoesBelowFourWhenItWraps() {
        clock.set(0xFFFF_FFFEL);
        assertEquals(0xFFFF_FFFFL, register("a"));
        registry.unregister("a", ch);
        assertEquals(4, register("a"));
        assertEquals(4, registry.lookup("a").creationFor(6));
        assertEquals(2, registry.lookup("a").creationFor(5));
    }

    @Test
    void unregisterFromAnotherConnectionIsANoOp() {
        register("a");
        assertNull(registry.unregister("a", new EmbeddedChannel()));
        assertEquals(1, registry.size());
    }

    @Test
    void pastTheBoundTheOldestRememberedEntryIsRecycledWithItsCounter() {
        for (String n : new String[] {"a", "b", "c", "d"}) {
            clock.incrementAndGet();
            register(n);
            registry.unregister(n, ch);
        }
        long oldestCounter = registry.unregisteredNodes().get(0).counter();
        assertEquals(4, registry.unregisteredNodes().size());
        assertEquals(oldestCounter, register("brand-new"));
        assertEquals(3, registry.unregisteredNodes().size());
        assertEquals("b", registry.unregisteredNodes().get(0).name());
    }
}
