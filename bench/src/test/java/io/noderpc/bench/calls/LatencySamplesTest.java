package io.noderpc.bench.calls;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencySamplesTest {

    @Test
    void quantilesAreNearestRankOverAllClients() {
        LatencySamples s = new LatencySamples(2);
        for (int i = 1; i <= 50; i++) {
            s.record(0, i * 1000L);
            s.record(1, (50 + i) * 1000L);
        }
        assertEquals(50.0, s.quantileMicros(0.5));
        assertEquals(99.0, s.quantileMicros(0.99));
        assertEquals(100.0, s.quantileMicros(1.0));
        assertEquals(1.0, s.quantileMicros(0.0));
    }

    @Test
    void clientsShareOneBoundedCapacity() {
        assertEquals(LatencySamples.TOTAL_CAPACITY, new LatencySamples(1).perClientCapacity());
        assertEquals(LatencySamples.TOTAL_CAPACITY / 64, new LatencySamples(64).perClientCapacity());
        assertEquals(LatencySamples.MIN_PER_CLIENT, new LatencySamples(1024).perClientCapacity());
    }

    @Test
    void noSamplesIsNaN() {
        assertTrue(Double.isNaN(new LatencySamples(1).quantileMicros(0.5)));
    }

    @Test
    void pastCapacityItKeepsSampling() {
        LatencySamples s = new LatencySamples(1);
        for (long i = 0; i < s.perClientCapacity() * 3L; i++) {
            s.record(0, 5_000);
        }
        assertEquals(5.0, s.quantileMicros(0.99));
    }
}
