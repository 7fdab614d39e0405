package io.noderpc.bench;

import java.util.Arrays;

/**
 * Latencies of one load, one fixed-size array per client thread (no sharing, no allocation while
 * measuring). Past its capacity a client keeps every 8th sample, overwriting in a ring, so long
 * runs stay bounded. Read it ({@link #sortedMicros()}) only after the load has stopped.
 */
public final class Latencies {

    public static final int DEFAULT_PER_CLIENT_CAPACITY = 200_000;
    /** The samples that {@link #sharing} clients hold together (8 MiB). */
    public static final int SHARED_CAPACITY = 1 << 20;
    /** The fewest samples a {@link #sharing} client holds. */
    public static final int MIN_SHARED_PER_CLIENT = 4096;

    private final long[][] samples;
    private final int[] counts;
    private final long[] seen;

    public Latencies(int clients) {
        this(clients, DEFAULT_PER_CLIENT_CAPACITY);
    }

    public Latencies(int clients, int perClientCapacity) {
        if (clients < 1 || perClientCapacity < 1) {
            throw new IllegalArgumentException("clients and capacity must be positive: " + clients + ", "
                    + perClientCapacity);
        }
        samples = new long[clients][perClientCapacity];
        counts = new int[clients];
        seen = new long[clients];
    }

    /**
     * Latencies of {@code clients} that share {@link #SHARED_CAPACITY} samples, at least
     * {@link #MIN_SHARED_PER_CLIENT} each, so that 64 clients do not hold 100 MiB next to megabyte
     * payloads.
     */
    public static Latencies sharing(int clients) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be positive: " + clients);
        }
        return new Latencies(clients, Math.max(MIN_SHARED_PER_CLIENT, SHARED_CAPACITY / clients));
    }

    /** How many samples each client keeps before it thins them out. */
    public int perClientCapacity() {
        return samples[0].length;
    }

    /** Records one latency; called only by client {@code client}'s thread. */
    public void record(int client, long nanos) {
        long n = seen[client]++;
        long[] mine = samples[client];
        if (counts[client] < mine.length) {
            mine[counts[client]++] = nanos;
        } else if (n % 8 == 0) {
            mine[(int) ((n / 8) % mine.length)] = nanos;
        }
    }

    /** Operations recorded, kept or not. */
    public long recorded() {
        long total = 0;
        for (long s : seen) {
            total += s;
        }
        return total;
    }

    /** Every kept sample of every client, in microseconds, sorted ascending. */
    public double[] sortedMicros() {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        double[] all = new double[total];
        int at = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts[i]; j++) {
                all[at++] = samples[i][j] / 1000.0;
            }
        }
        Arrays.sort(all);
        return all;
    }

    /**
     * The {@code q}-quantile (0..1) of sorted values, by the nearest-rank method (the smallest value
     * with at least {@code q} of all values at or below it); NaN if there are none.
     */
    public static double quantile(double[] sorted, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("a quantile is within 0..1: " + q);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[index];
    }
}
