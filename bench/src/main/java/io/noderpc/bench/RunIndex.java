package io.noderpc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run.json} and {@code run.md} of a results folder: which scenarios ran, whether each
 * succeeded, the wall time of each against its {@link QuickBudget} in quick runs, and the total.
 */
public final class RunIndex {

    /** One scenario of the run: its wall time, and the failure if it failed ({@code null} otherwise). */
    public record Entry(String scenario, Duration wallTime, String failure, List<Path> files) {

        public Entry {
            files = List.copyOf(files);
        }

        public boolean ok() {
            return failure == null;
        }
    }

    private final Instant started;
    private final boolean quick;
    private final List<Entry> entries = new ArrayList<>();

    public RunIndex(Instant started, boolean quick) {
        this.started = started;
        this.quick = quick;
    }

    public void add(Entry entry) {
        entries.add(entry);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public Duration total() {
        return entries.stream().map(Entry::wallTime).reduce(Duration.ZERO, Duration::plus);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", Reports.SCHEMA_VERSION);
        root.put("started", started.truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("quick", quick);
        List<Object> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", e.scenario());
            m.put("status", e.ok() ? "ok" : "failed");
            m.put("failure", e.failure());
            m.put("wall_time_s", seconds(e.wallTime()));
            m.put("quick_budget_s", quick ? seconds(QuickBudget.of(e.scenario())) : null);
            m.put("over_budget", quick ? QuickBudget.over(e.scenario(), e.wallTime()) : null);
            m.put("files", e.files().stream().map(p -> p.getFileName().toString()).toList());
            list.add(m);
        }
        root.put("scenarios", list);
        root.put("total_wall_time_s", seconds(total()));
        root.put("quick_total_budget_s", quick ? seconds(QuickBudget.TOTAL) : null);
        return root;
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## noderpc-bench run, ").append(quick ? "quick" : "full").append(", started ")
                .append(started.truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        sb.append(quick ? "| scenario | status | wall time s | quick budget s | report |\n|---|---|--:|--:|---|\n"
                : "| scenario | status | wall time s | report |\n|---|---|--:|---|\n");
        for (Entry e : entries) {
            sb.append("| ").append(e.scenario()).append(" | ")
                    .append(e.ok() ? "ok" : "failed: " + e.failure().replace('|', '/').replace('\n', ' '))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", seconds(e.wallTime())));
            if (quick) {
                sb.append(" | ").append(QuickBudget.of(e.scenario()).toSeconds())
                        .append(QuickBudget.over(e.scenario(), e.wallTime()) ? " (over)" : "");
            }
            sb.append(" | ").append(e.ok() ? "[" + e.scenario() + ".md](" + e.scenario() + ".md)" : "–")
                    .append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "%nTotal wall time: %.1f s", seconds(total())));
        if (quick) {
            sb.append(String.format(Locale.ROOT, " (quick budget of all scenarios together: %d s)",
                    QuickBudget.TOTAL.toSeconds()));
        }
        sb.append(".\n");
        return sb.toString();
    }

    /** Writes {@code run.json} and {@code run.md} into {@code dir} and returns their paths. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("run.json");
        Path md = dir.resolve("run.md");
        Files.writeString(json, Json.write(toJson()) + "\n", StandardCharsets.UTF_8);
        Files.writeString(md, markdown(), StandardCharsets.UTF_8);
        return List.of(json, md);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
