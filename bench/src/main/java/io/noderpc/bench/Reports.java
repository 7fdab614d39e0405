package io.noderpc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link ScenarioResult} as {@code <scenario>.json} (every figure with its samples; keys
 * documented in docs/benchmarks.md and stable across versions of this schema) and
 * {@code <scenario>.md} (a table of medians and ranges, with ratios).
 */
public final class Reports {

    /** Bumped when a key is renamed or its meaning changes; adding keys does not bump it. */
    public static final int SCHEMA_VERSION = 1;

    private Reports() {
    }

    /**
     * Writes the plots ({@link Plots}), then both files, into {@code dir} (created if missing) and
     * returns their paths, the JSON and Markdown first. Plots that cannot be drawn (e.g. a JVM without
     * fonts) do not fail the run: the reports say why they are missing.
     */
    public static List<Path> write(ScenarioResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Plots.Written plots = Plots.write(result, dir);
        Path json = dir.resolve(result.scenario() + ".json");
        Path md = dir.resolve(result.scenario() + ".md");
        Files.writeString(json, Json.write(toJson(result, plots)) + "\n", StandardCharsets.UTF_8);
        Files.writeString(md, markdown(result, plots), StandardCharsets.UTF_8);
        List<Path> out = new ArrayList<>(List.of(json, md));
        out.addAll(plots.files().values());
        return out;
    }

    public static Map<String, Object> toJson(ScenarioResult r) {
        return toJson(r, new Plots.Written(Map.of(), Map.of()));
    }

    static Map<String, Object> toJson(ScenarioResult r, Plots.Written plots) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("scenario", r.scenario());
        root.put("title", r.title());
        root.put("started", r.started().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("elapsed_s", r.elapsed().toMillis() / 1000.0);
        root.put("quick", r.config().quick());
        root.put("rounds", r.config().rounds());
        root.put("measure_s", r.config().measure().toMillis() / 1000.0);
        root.put("warm_up_s", r.config().warmUp().toMillis() / 1000.0);
        root.put("machine", r.machine().toJson());
        List<Object> competitors = new ArrayList<>();
        for (Scenario.Competitor c : r.competitors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("description", c.description());
            competitors.add(m);
        }
        root.put("competitors", competitors);
        root.put("settings", r.settings());
        List<Object> figures = new ArrayList<>();
        for (Figure f : r.figures()) {
            Summary s = f.summary();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.metric().name());
            m.put("competitor", f.competitor());
            m.put("clients", f.metric().clients());
            m.put("unit", f.metric().unit());
            m.put("better", f.metric().better().json());
            m.put("median", s.median());
            m.put("min", s.min());
            m.put("max", s.max());
            m.put("samples", f.samples());
            m.put("errors", f.errors());
            m.put("description", f.metric().description());
            figures.add(m);
        }
        root.put("figures", figures);
        List<Object> ratios = new ArrayList<>();
        for (ScenarioResult.Ratio ratio : r.ratios()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", ratio.metric().name());
            m.put("clients", ratio.metric().clients());
            m.put("numerator", ratio.numerator());
            m.put("denominator", ratio.denominator());
            m.put("value", ratio.value());
            ratios.add(m);
        }
        root.put("ratios", ratios);
        List<Object> distributions = new ArrayList<>();
        for (Distribution d : r.distributions()) {
            distributions.add(d.toJson());
        }
        root.put("distributions", distributions);
        List<Object> plotList = new ArrayList<>();
        for (Map.Entry<Chart, Path> p : plots.files().entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", p.getValue().getFileName().toString());
            m.put("title", p.getKey().title());
            m.put("kind", p.getKey().kind().json());
            m.put("of", p.getKey().metrics());
            plotList.add(m);
        }
        root.put("plots", plotList);
        root.put("plot_failures", plots.failures());
        return root;
    }

    public static String markdown(ScenarioResult r) {
        return markdown(r, new Plots.Written(Map.of(), Map.of()));
    }

    static String markdown(ScenarioResult r, Plots.Written plots) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(r.scenario()).append(": ").append(r.title()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%s run: %d round%s, %s s measured per throughput sample after %s s of "
                        + "warm-up; started %s, wall time %.0f s.  %n",
                r.config().quick() ? "Quick (`--quick`)" : "Full", r.config().rounds(),
                r.config().rounds() == 1 ? "" : "s",
                format(r.config().measure().toMillis() / 1000.0), format(r.config().warmUp().toMillis() / 1000.0),
                r.started().truncatedTo(ChronoUnit.SECONDS), r.elapsed().toMillis() / 1000.0));
        Machine m = r.machine();
        sb.append(String.format(Locale.ROOT, "Machine: %d cores (%s), %d MiB; Java %s; %s; "
                        + "load average %s at the start, %s at the end.%n%n",
                m.cores(), m.cpu(), m.memoryMiB(), m.java(), m.os(), loadAverages(m.loadAverage()),
                loadAverages(m.loadAverageEnd())));
        for (Scenario.Competitor c : r.competitors()) {
            sb.append("- **").append(c.name()).append("**: ").append(c.description()).append('\n');
        }
        sb.append('\n');

        List<Scenario.Competitor> cs = r.competitors();
        boolean anyErrors = r.figures().stream().anyMatch(f -> f.errors() > 0);
        sb.append("| figure | clients | unit | better |");
        for (Scenario.Competitor c : cs) {
            sb.append(' ').append(c.name()).append(" median (min–max) |");
        }
        for (Scenario.Competitor c : cs.subList(Math.min(1, cs.size()), cs.size())) {
            sb.append(' ').append(cs.get(0).name()).append('/').append(c.name()).append(" |");
        }
        if (anyErrors) {
            sb.append(" errors |");
        }
        sb.append("\n|---|--:|---|---|");
        sb.append("--:|".repeat(cs.size() + Math.max(0, cs.size() - 1)));
        if (anyErrors) {
            sb.append("---|");
        }
        sb.append('\n');
        List<ScenarioResult.Ratio> ratios = r.ratios();
        for (Metric metric : r.metrics()) {
            sb.append("| ").append(metric.name()).append(" | ")
                    .append(metric.clients() == null ? "–" : metric.clients().toString()).append(" | ")
                    .append(metric.unit()).append(" | ").append(metric.better().json()).append(" |");
            StringBuilder errors = new StringBuilder();
            for (Scenario.Competitor c : cs) {
                Optional<Figure> f = r.figure(metric.key(), c.name());
                sb.append(' ').append(f.map(Reports::cell).orElse("–")).append(" |");
                if (f.isPresent() && f.get().errors() > 0) {
                    errors.append(errors.length() == 0 ? "" : ", ").append(c.name()).append(' ')
                            .append(f.get().errors());
                }
            }
            for (Scenario.Competitor c : cs.subList(Math.min(1, cs.size()), cs.size())) {
                sb.append(' ').append(ratios.stream()
                        .filter(x -> x.metric().key().equals(metric.key()) && x.denominator().equals(c.name()))
                        .findFirst().map(x -> String.format(Locale.ROOT, "%.2f", x.value())).orElse("–"))
                        .append(" |");
            }
            if (anyErrors) {
                sb.append(' ').append(errors.length() == 0 ? "0" : errors).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
        List<String> described = new ArrayList<>();
        for (Metric metric : r.metrics()) {
            if (!described.contains(metric.name())) {
                described.add(metric.name());
                sb.append("- `").append(metric.name()).append("`: ").append(metric.description()).append('\n');
            }
        }
        if (!r.distributions().isEmpty()) {
            sb.append("\n| distribution | competitor | unit | samples | p50 | p90 | p99 | p99.9 | max |\n");
            sb.append("|---|---|---|--:|--:|--:|--:|--:|--:|\n");
            for (Distribution d : r.distributions()) {
                sb.append("| ").append(d.name()).append(" | ").append(d.competitor()).append(" | ").append(d.unit())
                        .append(" | ").append(d.count());
                for (double q : Distribution.QUANTILES) {
                    sb.append(" | ").append(format(d.quantile(q)));
                }
                sb.append(" | ").append(format(d.max())).append(" |\n");
            }
            sb.append('\n');
            List<String> describedDistributions = new ArrayList<>();
            for (Distribution d : r.distributions()) {
                if (!describedDistributions.contains(d.name())) {
                    describedDistributions.add(d.name());
                    sb.append("- `").append(d.name()).append("`: ").append(d.description()).append('\n');
                }
            }
        }
        if (!plots.files().isEmpty()) {
            sb.append("\nPlots:\n\n");
            for (Map.Entry<Chart, Path> p : plots.files().entrySet()) {
                String file = p.getValue().getFileName().toString();
                sb.append("![").append(p.getKey().title()).append("](").append(file).append(")\n");
            }
        }
        plots.failures().forEach((file, why) -> sb.append("\nPlot ").append(file).append(" was not drawn: ")
                .append(why).append('\n'));
        return sb.toString();
    }

    /** The 1, 5 and 15 minute load averages of a /proc/loadavg line. */
    private static String loadAverages(String loadavg) {
        String[] f = loadavg.trim().split("\\s+");
        return f.length >= 3 ? f[0] + " / " + f[1] + " / " + f[2] : loadavg;
    }

    private static String cell(Figure f) {
        Summary s = f.summary();
        if (s.count() == 1) {
            return format(s.median());
        }
        return format(s.median()) + " (" + format(s.min()) + "–" + format(s.max()) + ")";
    }

    /** Three significant digits or the whole integer part, whichever is longer; integers as integers. */
    public static String format(double v) {
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
