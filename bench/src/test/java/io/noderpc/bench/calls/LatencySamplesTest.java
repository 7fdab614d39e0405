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
    void noSamplesIsNaN() {
        assertTrue(Double.isNaN(new LatencySamples(1).quantileMicros(0.5)));
    }

    @Test
    void pastCapacityItKeepsSampling() {
        LatencySamples s = new LatencySamples(1);
        for (long i = 0; i < LatencySamples.PER_CLIENT_CAPACITY * 3L; i++) {
            s.record(0, 5_000);
        }
        assertEquals(5.0, s.quantileMicros(0.99));
    }
}
