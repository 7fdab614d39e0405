package io.noderpc.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one scenario run produced, as the reports write it.
 *
 * @param elapsed       the wall time of the whole scenario: start of competitors, warm-up, rounds, stop
 * @param distributions every kept sample of some quantities (for CDF plots); often none
 * @param charts        plots the scenario asks for besides the ones {@link Plots#chartsFor} derives
 */
public record ScenarioResult(String scenario, String title, Instant started, Duration elapsed, RunConfig config,
                             Machine machine, List<Scenario.Competitor> competitors, Map<String, Object> settings,
                             List<Figure> figures, List<Distribution> distributions, List<Chart> charts) {

    public ScenarioResult {
        competitors = List.copyOf(competitors);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        figures = List.copyOf(figures);
        distributions = List.copyOf(distributions);
        charts = List.copyOf(charts);
    }

    /** A result without distributions and extra charts. */
    public ScenarioResult(String scenario, String title, Instant started, Duration elapsed, RunConfig config,
                          Machine machine, List<Scenario.Competitor> competitors, Map<String, Object> settings,
                          List<Figure> figures) {
        this(scenario, title, started, elapsed, config, machine, competitors, settings, figures, List.of(), List.of());
    }

    /** The ratio of the subject's median to another competitor's, for one metric. */
    public record Ratio(Metric metric, String numerator, String denominator, double value) {
    }

    /** The figure of {@code competitor} for the metric with this {@link Metric#key() key}. */
    public Optional<Figure> figure(String metricKey, String competitor) {
        return figures.stream()
                .filter(f -> f.metric().key().equals(metricKey) && f.competitor().equals(competitor))
                .findFirst();
    }

    /** The metrics in the order they were first recorded, each once. */
    public List<Metric> metrics() {
        List<Metric> out = new ArrayList<>();
        for (Figure f : figures) {
            if (out.stream().noneMatch(m -> m.key().equals(f.metric().key()))) {
                out.add(f.metric());
            }
        }
        return out;
    }

    /**
     * Subject (the first competitor) over each other competitor, by median, for every metric both
     * have; a zero denominator gives no ratio.
     */
    public List<Ratio> ratios() {
        List<Ratio> out = new ArrayList<>();
        if (competitors.size() < 2) {
            return out;
        }
        String subject = competitors.get(0).name();
        for (Metric m : metrics()) {
            Optional<Figure> ours = figure(m.key(), subject);
            for (Scenario.Competitor other : competitors.subList(1, competitors.size())) {
                Optional<Figure> theirs = figure(m.key(), other.name());
                if (ours.isPresent() && theirs.isPresent() && theirs.get().summary().median() != 0) {
                    out.add(new Ratio(m, subject, other.name(),
                            ours.get().summary().median() / theirs.get().summary().median()));
                }
            }
        }
        return out;
    }
}
