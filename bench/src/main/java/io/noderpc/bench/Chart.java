package io.noderpc.bench;

import java.util.List;
import java.util.Objects;

/**
 * One plot of a run, written as {@code <scenario>-<slug>.png} into the results folder by {@link Plots}.
 *
 * @param slug    file-name part, e.g. {@code latency}
 * @param title   the plot's title
 * @param kind    how the figures are drawn
 * @param metrics for {@link Kind#BARS}: metric keys ({@link Metric#key()}), one group of bars each; for
 *                {@link Kind#BY_CLIENTS}: metric names, one line per competitor each; for
 *                {@link Kind#CDF}: distribution names
 */
public record Chart(String slug, String title, Kind kind, List<String> metrics) {

    /** How a chart draws its figures. */
    public enum Kind {
        /** A group per metric, a bar per competitor: the median of the figure's samples. */
        BARS,
        /** Median against the number of clients, a line per competitor (and metric): a throughput curve. */
        BY_CLIENTS,
        /** Cumulative distribution of every kept sample, a line per competitor, logarithmic value axis. */
        CDF;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Chart {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        metrics = List.copyOf(metrics);
        if (!slug.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("a chart slug is lower-case letters, digits and dashes: " + slug);
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("chart " + slug + " draws nothing");
        }
    }

    /** The file name in the results folder. */
    public String fileName(String scenario) {
        return scenario + "-" + slug + ".png";
    }
}
