package io.noderpc.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every kept sample of one quantity for one competitor over a whole run (all rounds together), e.g.
 * the latency of each small call: what a latency CDF is drawn from. The JSON gives its quantiles,
 * not the samples.
 *
 * @param name       snake_case, e.g. {@code small_call_latency}
 * @param competitor the competitor's name
 * @param unit       e.g. {@code us}
 * @param sorted     the samples, ascending
 */
public record Distribution(String name, String competitor, String unit, String description, double[] sorted) {

    /** The quantiles the JSON and the Markdown give, with their keys. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    static final String[] QUANTILE_KEYS = {"p50", "p90", "p99", "p999"};

    public Distribution {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(competitor, "competitor");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(description, "description");
        sorted = sorted.clone();
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    public double quantile(double q) {
        return Latencies.quantile(sorted, q);
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("competitor", competitor);
        m.put("unit", unit);
        m.put("count", count());
        for (int i = 0; i < QUANTILES.length; i++) {
            m.put(QUANTILE_KEYS[i], quantile(QUANTILES[i]));
        }
        m.put("max", max());
        m.put("description", description);
        return m;
    }

    /** This distribution with {@code more} samples added (another round). */
    Distribution plus(double[] more) {
        double[] all = Arrays.copyOf(sorted, sorted.length + more.length);
        System.arraycopy(more, 0, all, sorted.length, more.length);
        return new Distribution(name, competitor, unit, description, all);
    }
}
