package io.noderpc.bench.calls;

import java.util.Arrays;

/**
 * Call latencies of one load, one fixed-size array per client thread (no sharing, no allocation
 * while measuring). Past its capacity a client keeps every k-th sample, so long runs stay bounded.
 */
final class LatencySamples {

    static final int PER_CLIENT_CAPACITY = 200_000;

    private final long[][] samples;
    private final int[] counts;
    private final long[] seen;

    LatencySamples(int clients) {
        samples = new long[clients][PER_CLIENT_CAPACITY];
        counts = new int[clients];
        seen = new long[clients];
    }

    /** Records one call's latency; called only by client {@code client}'s thread. */
    void record(int client, long nanos) {
        long n = seen[client]++;
        if (counts[client] < PER_CLIENT_CAPACITY) {
            samples[client][counts[client]++] = nanos;
        } else if (n % 8 == 0) {
            samples[client][(int) ((n / 8) % PER_CLIENT_CAPACITY)] = nanos;
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
