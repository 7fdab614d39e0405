package io.noderpc.bench.calls;

/**
 * What one load measured.
 *
 * @param ops        operations completed (calls answered, or one-way messages handled)
 * @param errors     operations that failed (or messages sent but never handled)
 * @param seconds    from the first operation's start to the last one's end
 * @param p50Micros  median latency in microseconds, {@code NaN} where it does not apply
 * @param p99Micros  99th percentile latency in microseconds, {@code NaN} where it does not apply
 */
record LoadFigures(long ops, long errors, double seconds, double p50Micros, double p99Micros) {

    LoadFigures {
        if (ops < 0 || errors < 0) {
            throw new IllegalArgumentException("counts must not be negative: ops " + ops + ", errors " + errors);
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("a load takes a positive time, not " + seconds + " s");
        }
    }

    /** One-way figures: no latencies. */
    static LoadFigures oneWay(long delivered, long lost, double seconds) {
        return new LoadFigures(delivered, lost, seconds, Double.NaN, Double.NaN);
    }

    double opsPerSecond() {
        return ops / seconds;
    }
}
