package io.noderpc.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects samples by metric and competitor, in the order figures first appear. Trials and
 * scenarios call it from the runner's thread only.
 */
public final class Recorder {

    private record Key(String metric, String competitor) {
    }

    private static final class Entry {
        final Metric metric;
        final String competitor;
        final List<Double> samples = new ArrayList<>();
        long errors;

        Entry(Metric metric, String competitor) {
            this.metric = metric;
            this.competitor = competitor;
        }
    }

    /** One sample, in the order samples were recorded. */
    public record Sample(Metric metric, String competitor, double value) {
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final List<Sample> journal = new ArrayList<>();
    private final Map<Key, Distribution> distributions = new LinkedHashMap<>();

    /**
     * Fixes the order of figures in the reports to the order of {@code metrics}, for each competitor
     * in {@code competitors}; figures not declared follow in the order they are first recorded.
     */
    public void declare(List<String> competitors, List<Metric> metrics) {
        for (Metric m : metrics) {
            for (String c : competitors) {
                entry(m, c);
            }
        }
    }

    /** Adds one sample of {@code metric} for {@code competitor}. */
    public void record(Metric metric, String competitor, double sample) {
        if (!Double.isFinite(sample)) {
            throw new IllegalArgumentException(metric.key() + " of " + competitor + " is not finite: " + sample);
        }
        entry(metric, competitor).samples.add(sample);
        journal.add(new Sample(metric, competitor, sample));
    }

    /** Counts operations that failed while a sample of {@code metric} was taken. */
    public void errors(Metric metric, String competitor, long failed) {
        entry(metric, competitor).errors += failed;
    }

    /**
     * Adds samples (e.g. every call's latency of one trial) to the distribution {@code name} of
     * {@code competitor}; the samples of all rounds make one distribution, drawn as a CDF.
     */
    public void distribution(String name, String competitor, String unit, String description, double[] samples) {
        Key key = new Key(name, competitor);
        Distribution d = distributions.get(key);
        if (d != null && !d.unit().equals(unit)) {
            throw new IllegalArgumentException("distribution " + name + " has unit " + d.unit() + ", not " + unit);
        }
        distributions.put(key, d == null ? new Distribution(name, competitor, unit, description, samples)
                : d.plus(samples));
    }

    /** The distributions recorded so far, in the order they were first recorded. */
    public List<Distribution> distributions() {
        return List.copyOf(distributions.values());
    }

    private Entry entry(Metric metric, String competitor) {
        Objects.requireNonNull(competitor, "competitor");
        Entry e = entries.computeIfAbsent(new Key(metric.key(), competitor), k -> new Entry(metric, competitor));
        if (!e.metric.equals(metric)) {
            throw new IllegalArgumentException("two different metrics share the key " + metric.key());
        }
        return e;
    }

    /** How many samples were recorded so far; a mark for {@link #samplesSince(int)}. */
    public int sampleCount() {
        return journal.size();
    }

    /** The samples recorded after {@code mark}, in order. */
    public List<Sample> samplesSince(int mark) {
        return List.copyOf(journal.subList(mark, journal.size()));
    }

    /** The figures recorded so far; those without a sample are left out. */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!e.samples.isEmpty()) {
                out.add(new Figure(e.metric, e.competitor, e.samples, e.errors));
            }
        }
        return out;
    }
}
