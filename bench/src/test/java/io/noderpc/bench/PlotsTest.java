package io.noderpc.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static ScenarioResult result(List<Chart> extraCharts) {
        Recorder r = new Recorder();
        for (int clients : new int[] {1, 64}) {
            Metric rate = Metric.throughput("calls_per_s", clients, "calls");
            Metric p50 = new Metric("latency_p50_us", "us", clients, Metric.Better.LOWER, "p50");
            for (double v : new double[] {1000, 1200, 1100}) {
                r.record(rate, "noderpc", v * clients);
                r.record(rate, "floor", v * clients * 2);
                r.record(p50, "noderpc", 100.0 / v * clients);
                r.record(p50, "floor", 50.0 / v * clients);
            }
        }
        r.record(Metric.lowerIsBetter("startup_ms", "ms", "start"), "noderpc", 900);
        double[] samples = new double[5000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 0.05 + i * 0.01;
        }
        r.distribution("small_call_latency", "noderpc", "ms", "every call", samples);
        r.distribution("small_call_latency", "floor", "ms", "every call", Arrays.copyOf(samples, 100));
        return new ScenarioResult("demo", "plots", Instant.parse("2025-01-02T03:04:05Z"), Duration.ofSeconds(3),
                RunConfig.of(true, null, Path.of("out"), Path.of(".")),
                new Machine(2, "17", "vm", "Linux", "cpu", "0 0 0 1/1 1", "0 0 0 1/1 1", 1024),
                List.of(new Scenario.Competitor("noderpc", "ours"), new Scenario.Competitor("floor", "tcp")),
                Map.of(), r.figures(), r.distributions(), extraCharts);
    }

    @Test
    void derivesAThroughputCurveLatencyBarsAndACdf() {
        List<Chart> charts = Plots.chartsFor(result(List.of()));
        assertEquals(List.of("throughput", "latency", "small-call-latency-cdf"),
                charts.stream().map(Chart::slug).toList());
        assertEquals(Chart.Kind.BY_CLIENTS, charts.get(0).kind());
        assertEquals(List.of("calls_per_s"), charts.get(0).metrics());
        assertEquals(List.of("latency_p50_us/1", "latency_p50_us/64"), charts.get(1).metrics());
        assertEquals(Chart.Kind.CDF, charts.get(2).kind());
    }

    @Test
    void aScenarioChartReplacesTheDerivedOneOfTheSameSlug() {
        Chart own = new Chart("latency", "only one", Chart.Kind.BARS, List.of("latency_p50_us/64"));
        List<Chart> charts = Plots.chartsFor(result(List.of(own)));
        assertEquals(3, charts.size());
        assertEquals("only one", charts.get(1).title());
    }

    @Test
    void writesNonEmptyPngFilesAndLinksThemFromTheMarkdown(@TempDir Path dir) throws IOException {
        List<Chart> extra = List.of(new Chart("startup", "start-up", Chart.Kind.BARS, List.of("startup_ms")),
                new Chart("nothing", "no such figure", Chart.Kind.BARS, List.of("no_such_metric")));
        ScenarioResult result = result(extra);
        List<Path> files = Reports.write(result, dir);
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("demo.json", "demo.md", "demo-throughput.png", "demo-latency.png",
                "demo-small-call-latency-cdf.png", "demo-startup.png"), names);
        for (Path png : files.subList(2, files.size())) {
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 5000, png + " has " + bytes.length + " bytes");
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), png + " is not a PNG");
        }
        assertTrue(Files.notExists(dir.resolve("demo-nothing.png")));
        String md = Files.readString(dir.resolve("demo.md"));
        assertTrue(md.contains("](demo-throughput.png)"), md);
        assertTrue(md.contains("](demo-small-call-latency-cdf.png)"), md);
        assertTrue(md.contains("| small_call_latency | noderpc | ms | 5000 |"), md);
        String json = Files.readString(dir.resolve("demo.json"));
        assertTrue(json.contains("\"file\": \"demo-latency.png\""), json);
        assertTrue(json.contains("\"kind\": \"by_clients\""), json);
        assertTrue(json.contains("\"plot_failures\": {}"), json);
    }

    @Test
    void cdfPointsAreBoundedKeepTheEndsAndSkipNonPositiveValues() {
        double[] sorted = new double[10_001];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i;
        }
        double[][] points = Plots.cdfPoints(sorted, 100);
        assertEquals(100, points[0].length);
        assertEquals(1.0, points[0][0]);
        assertEquals(2.0 / sorted.length, points[1][0], 1e-12);
        assertEquals(10_000.0, points[0][99]);
        assertEquals(1.0, points[1][99], 1e-12);
        for (int i = 1; i < 100; i++) {
            assertTrue(points[0][i] >= points[0][i - 1] && points[1][i] >= points[1][i - 1]);
        }
        assertEquals(0, Plots.cdfPoints(new double[] {0, 0}, 10)[0].length);
        assertEquals(1, Plots.cdfPoints(new double[] {0, 5}, 10)[0].length);
    }
}
