package io.noderpc.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsTest {

    private static final Metric LOOKUPS = Metric.throughput("port_please2_per_s", 32, "lookups");
    private static final Metric STARTUP = Metric.lowerIsBetter("startup_ms", "ms", "start");

    private static ScenarioResult result() {
        Recorder r = new Recorder();
        r.declare(List.of("noderpc", "otp"), List.of(LOOKUPS, STARTUP));
        r.record(STARTUP, "otp", 4);
        r.record(STARTUP, "noderpc", 1000);
        for (double v : new double[] {10_000, 12_000, 11_000}) {
            r.record(LOOKUPS, "noderpc", v);
            r.record(LOOKUPS, "otp", v / 2);
        }
        r.errors(LOOKUPS, "otp", 3);
        RunConfig config = RunConfig.of(true, null, Path.of("out"), Path.of("."));
        return new ScenarioResult("epmd", "ours \"vs\" theirs", Instant.parse("2025-01-02T03:04:05Z"),
                Duration.ofSeconds(30), config,
                new Machine(2, "17", "vm", "Linux", "cpu", "0.1 0.2 0.3 1/80 5", "0.4 0.5 0.6 1/80 9", 1024),
                List.of(new Scenario.Competitor("noderpc", "ours"), new Scenario.Competitor("otp", "theirs")),
                Map.of("registered_names", 10), r.figures());
    }

    @Test
    void declaredOrderWinsOverRecordingOrder() {
        assertEquals(List.of("port_please2_per_s/32", "startup_ms"),
                result().metrics().stream().map(Metric::key).toList());
    }

    @Test
    void ratiosAreTheSubjectsMedianOverEachOthers() {
        List<ScenarioResult.Ratio> ratios = result().ratios();
        assertEquals(2, ratios.size());
        assertEquals(2.0, ratios.get(0).value(), 1e-9);
        assertEquals(250.0, ratios.get(1).value(), 1e-9);
        assertEquals("otp", ratios.get(0).denominator());
    }

    @Test
    void jsonHasTheDocumentedKeysForEveryFigure() {
        String json = Json.write(Reports.toJson(result()));
        assertTrue(json.contains("\"title\": \"ours \\\"vs\\\" theirs\""), json);
        String flat = json.replaceAll("\n\\s+", "\n");
        assertTrue(flat.contains("""
                      "name": "port_please2_per_s",
                      "competitor": "noderpc",
                      "clients": 32,
                      "unit": "ops/s",
                      "better": "higher",
                      "median": 11000,
                      "min": 10000,
                      "max": 12000,
                      "samples": [10000, 12000, 11000],
                      "errors": 0,""".replaceAll("\n\\s+", "\n")), json);
        assertTrue(json.contains("\"clients\": null"), json);
        assertTrue(json.contains("\"errors\": 3"), json);
        assertTrue(json.contains("\"numerator\": \"noderpc\""), json);
    }

    @Test
    void markdownShowsMedianRangeRatioAndErrors() {
        String md = Reports.markdown(result());
        assertTrue(md.contains("| port_please2_per_s | 32 | ops/s | higher | 11000 (10000–12000) | 5500 (5000–6000)"
                + " | 2.00 | otp 3 |"), md);
        assertTrue(md.contains("| startup_ms | – | ms | lower | 1000 | 4 | 250.00 | 0 |"), md);
        assertTrue(md.contains("load average 0.1 / 0.2 / 0.3 at the start, 0.4 / 0.5 / 0.6 at the end"), md);
    }
}
