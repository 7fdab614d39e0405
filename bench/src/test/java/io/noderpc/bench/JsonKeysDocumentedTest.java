package io.noderpc.bench;

import io.noderpc.bench.headofline.HeadOfLinePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key the result files can hold is documented in docs/benchmarks.md, so that runs can be diffed. */
class JsonKeysDocumentedTest {

    private static String docs() throws IOException {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path doc = p.resolve("docs/benchmarks.md");
            if (Files.isRegularFile(doc)) {
                return Files.readString(doc);
            }
        }
        throw new IllegalStateException("docs/benchmarks.md not found above " + System.getProperty("user.dir"));
    }

    private static void keys(Object value, Set<String> out) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.add(String.valueOf(e.getKey()));
                keys(e.getValue(), out);
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> keys(v, out));
        }
    }

    private static List<String> undocumented(Set<String> keys, String docs) {
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            if (!docs.contains("`" + k + "`") && !docs.contains("`" + k + "[]`") && !docs.contains("\"" + k + "\"")) {
                missing.add(k);
            }
        }
        return missing;
    }

    @Test
    void everyKeyOfAScenarioFileIsDocumented(@TempDir Path dir) throws IOException {
        ScenarioResult result = PlotsTest.result(List.of());
        Plots.Written plots = Plots.write(result, dir);
        Set<String> keys = new TreeSet<>();
        Map<String, Object> json = Reports.toJson(result, plots);
        json.remove("settings");
        keys(json, keys);
        assertTrue(keys.containsAll(List.of("schema_version", "distributions", "plots", "plot_failures", "p999",
                "file", "kind", "of")), keys.toString());
        assertEquals(List.of(), undocumented(keys, docs()));
    }

    @Test
    void everyKeyOfTheRunIndexIsDocumented() throws IOException {
        RunIndex index = new RunIndex(Instant.EPOCH, true);
        index.add(new RunIndex.Entry("scale", Duration.ofSeconds(1), null, List.of()));
        Set<String> keys = new TreeSet<>();
        keys(index.toJson(), keys);
        assertEquals(List.of(), undocumented(keys, docs()));
    }

    @Test
    void theSettingsOfTheNewScenariosAreDocumented() throws IOException {
        String docs = docs();
        for (String k : List.of("message_bytes", "senders", "phase_s", "small_call_bytes", "small_call_interval_ms",
                "tick_time_s", "tick_interval_ms", "silence_sampling_ms", "planned_s", "idle_links", "spread_links",
                "max_heap_mib", "rate_mbit", "queue_ms", "shaper")) {
            assertTrue(docs.contains("`" + k + "`"), k + " is not in docs/benchmarks.md");
        }
        assertTrue(docs.contains((HeadOfLinePlan.MESSAGE_BYTES >> 20) + " MiB"));
    }
}
