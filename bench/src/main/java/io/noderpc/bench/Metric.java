package io.noderpc.bench;

import java.util.Objects;

/**
 * What a figure measures: a stable snake_case name (a JSON key consumers rely on), its unit, the
 * number of concurrent clients when the figure is a load figure ({@code null} otherwise), and which
 * direction is better.
 */
public record Metric(String name, String unit, Integer clients, Better better, String description) {

    /** Which way a figure improves. */
    public enum Better {
        HIGHER, LOWER;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(better, "better");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("metric names are snake_case: " + name);
        }
        if (clients != null && clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1: " + clients);
        }
    }

    /** A throughput figure: operations per second with {@code clients} concurrent clients. */
    public static Metric throughput(String name, int clients, String description) {
        return new Metric(name, "ops/s", clients, Better.HIGHER, description);
    }

    /** A figure that is not a load figure, e.g. a time or a size, where lower is better. */
    public static Metric lowerIsBetter(String name, String unit, String description) {
        return new Metric(name, unit, null, Better.LOWER, description);
    }

    /** Name and clients, e.g. {@code port_please2_per_s/32}: identifies the figure across competitors. */
    public String key() {
        return clients == null ? name : name + "/" + clients;
    }
}
