package io.noderpc.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Runs a {@link Scenario}: warm-up, then {@link RunConfig#rounds()} rounds in which every trial runs
 * for every competitor in turn (A, B, A, B, ...), then the after-rounds figures. Progress goes to
 * the given stream, one line per trial and competitor.
 */
public final class RoundRunner {

    private final PrintStream progress;

    public RoundRunner(PrintStream progress) {
        this.progress = progress;
    }

    public ScenarioResult run(Scenario scenario, RunConfig config) throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Machine machine = Machine.current();
        Recorder recorder = new Recorder();
        progress.printf(Locale.ROOT, "%s: %s%n", scenario.name(), scenario.title());
        List<Scenario.Competitor> competitors;
        java.util.Map<String, Object> settings;
        List<Chart> charts;
        try (Scenario.Session session = scenario.open(config, recorder)) {
            competitors = session.competitors();
            progress.printf(Locale.ROOT, "%s: warming up%n", scenario.name());
            session.warmUp();
            for (int round = 1; round <= config.rounds(); round++) {
                for (Trial trial : session.trials()) {
                    for (Scenario.Competitor c : competitors) {
                        int mark = recorder.sampleCount();
                        trial.run(c.name(), recorder);
                        progress.printf(Locale.ROOT, "%s: round %d/%d %-20s %-8s %s%n", scenario.name(), round,
                                config.rounds(), trial.label(), c.name(), describe(recorder.samplesSince(mark)));
                    }
                }
            }
            session.afterRounds();
            settings = session.settings();
            charts = session.charts();
        }
        // the wall time includes stopping the competitors: it is what a run of this scenario costs
        return new ScenarioResult(scenario.name(), scenario.title(), started, Duration.ofNanos(System.nanoTime() - t0),
                config, machine.atEnd(), competitors, settings, recorder.figures(), recorder.distributions(), charts);
    }

    private static String describe(List<Recorder.Sample> samples) {
        StringBuilder sb = new StringBuilder();
        for (Recorder.Sample s : samples) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s.metric().name()).append(' ')
                    .append(Reports.format(s.value())).append(' ').append(s.metric().unit());
        }
        return sb.toString();
    }
}
