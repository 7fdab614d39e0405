package io.noderpc.bench.calls;

import java.util.Arrays;

/**
 * Call latencies of one load, one fixed-size array per client thread (no sharing, no allocation
 * while measuring). The clients share {@link #TOTAL_CAPACITY} samples (8 MiB), at least
 * {@link #MIN_PER_CLIENT} each, so that 64 clients do not hold 100 MiB next to megabyte payloads.
 * Past its capacity a client keeps every 8th sample, so long runs stay bounded.
 */
final class LatencySamples {

    static final int TOTAL_CAPACITY = 1 << 20;
    static final int MIN_PER_CLIENT = 4096;

    private final int capacity;
    private final long[][] samples;
    private final int[] counts;
    private final long[] seen;

    LatencySamples(int clients) {
        capacity = Math.max(MIN_PER_CLIENT, TOTAL_CAPACITY / clients);
        samples = new long[clients][capacity];
        counts = new int[clients];
        seen = new long[clients];
    }

    /** How many samples each client keeps before it thins them out. */
    int perClientCapacity() {
        return capacity;
    }

    /** Records one call's latency; called only by client {@code client}'s thread. */
    void record(int client, long nanos) {
        long n = seen[client]++;
        if (counts[client] < capacity) {
            samples[client][counts[client]++] = nanos;
        } else if (n % 8 == 0) {
            samples[client][(int) ((n / 8) % capacity)] = nanos;
        }
    }

    /** The {@code q}-quantile (0..1) over every client's samples, in microseconds; NaN if none. */
    double quantileMicros(double q) {
        long[] all = merged();
        if (all.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(all.length - 1, Math.max(0, Math.ceil(q * all.length) - 1));
        return all[index] / 1000.0;
    }

    private long[] merged() {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < counts.length; i++) {
            System.arraycopy(samples[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        return all;
    }
}
