package io.noderpc.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatenciesTest {

    @Test
    void mergesClientsSortedInMicroseconds() {
        Latencies l = new Latencies(2, 10);
        l.record(0, 3000);
        l.record(1, 1000);
        l.record(0, 2000);
        assertArrayEquals(new double[] {1, 2, 3}, l.sortedMicros());
        assertEquals(3, l.recorded());
    }

    @Test
    void pastCapacityEveryEighthSampleIsKeptInARing() {
        Latencies l = new Latencies(1, 4);
        for (int i = 0; i < 100; i++) {
            l.record(0, 1000L * i);
        }
        assertEquals(100, l.recorded());
        double[] kept = l.sortedMicros();
        assertEquals(4, kept.length);
        assertTrue(kept[3] >= 88, "late samples replace early ones: " + kept[3]);
    }

    @Test
    void quantilesByNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, Latencies.quantile(sorted, 0.5));
        assertEquals(10, Latencies.quantile(sorted, 0.99));
        assertEquals(1, Latencies.quantile(sorted, 0));
        assertTrue(Double.isNaN(Latencies.quantile(new double[0], 0.5)));
        assertThrows(IllegalArgumentException.class, () -> Latencies.quantile(sorted, 1.5));
    }

    @Test
    void sharingClientsShareOneBoundedCapacity() {
        assertEquals(Latencies.SHARED_CAPACITY, Latencies.sharing(1).perClientCapacity());
        assertEquals(Latencies.SHARED_CAPACITY / 64, Latencies.sharing(64).perClientCapacity());
        assertEquals(Latencies.MIN_SHARED_PER_CLIENT, Latencies.sharing(1024).perClientCapacity());
        assertThrows(IllegalArgumentException.class, () -> Latencies.sharing(0));
    }
}
