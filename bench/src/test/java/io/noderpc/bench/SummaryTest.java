package io.noderpc.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SummaryTest {

    @Test
    void anOddCountHasTheMiddleSampleAsMedian() {
        Summary s = Summary.of(5, 1, 9, 3, 7);
        assertEquals(5, s.median());
        assertEquals(1, s.min());
        assertEquals(9, s.max());
        assertEquals(5, s.count());
    }

    @Test
    void anEvenCountHasTheMeanOfTheTwoMiddleSamplesAsMedian() {
        Summary s = Summary.of(10, 1, 4, 2);
        assertEquals(3, s.median());
        assertEquals(1, s.min());
        assertEquals(10, s.max());
    }

    @Test
    void oneSampleIsItsOwnMedianMinAndMax() {
        assertEquals(new Summary(1, 42.5, 42.5, 42.5), Summary.of(42.5));
    }

    @Test
    void oneOutlierMovesMinOrMaxButNotTheMedian() {
        Summary s = Summary.of(100, 101, 99, 100, 3);
        assertEquals(100, s.median());
        assertEquals(3, s.min());
    }

    @Test
    void theSamplesAreNotReordered() {
        double[] samples = {3, 1, 2};
        Summary.of(samples);
        assertArrayEquals(new double[] {3, 1, 2}, samples);
    }

    @Test
    void noSampleOrANaNIsRefused() {
        assertThrows(IllegalArgumentException.class, Summary::of);
        assertThrows(IllegalArgumentException.class, () -> Summary.of(1, Double.NaN));
    }

    @Test
    void aFigureSummarizesItsSamples() {
        Figure f = new Figure(Metric.throughput("x_per_s", 32, "x"), "noderpc", java.util.List.of(3.0, 9.0, 6.0), 0);
        assertEquals(new Summary(3, 6, 3, 9), f.summary());
    }
}
