package io.noderpc.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws the plots of a {@link ScenarioResult} as PNG files with XChart, headless. Which plots: those
 * {@link #chartsFor} derives from the figures (throughput against clients, latency bars, CDFs of the
 * distributions) and those the scenario asks for ({@link Scenario.Session#charts()}).
 */
public final class Plots {

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;
    /** A value axis spanning more than this factor is drawn logarithmic. */
    static final double LOG_AXIS_SPAN = 50;
    /** A CDF is drawn through at most this many points. */
    static final int CDF_POINTS = 2000;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /**
     * The plots of a result: a throughput chart per unit of higher-is-better load figures (a curve
     * against clients when some figure was measured at two client counts or more, bars otherwise), a
     * latency chart per unit of figures whose name holds {@code latency}, a CDF per distribution name,
     * then the scenario's own charts (replacing a derived one of the same slug). Charts with nothing to
     * draw are left out.
     */
    public static List<io.noderpc.bench.Chart> chartsFor(ScenarioResult r) {
        Map<String, io.noderpc.bench.Chart> out = new LinkedHashMap<>();
        Map<String, List<Metric>> throughputByUnit = new LinkedHashMap<>();
        Map<String, List<Metric>> latencyByUnit = new LinkedHashMap<>();
        for (Metric m : r.metrics()) {
            if (m.better() == Metric.Better.HIGHER && m.clients() != null) {
                throughputByUnit.computeIfAbsent(m.unit(), u -> new ArrayList<>()).add(m);
            } else if (m.name().contains("latency")) {
                latencyByUnit.computeIfAbsent(m.unit(), u -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<Metric>> e : throughputByUnit.entrySet()) {
            String slug = throughputByUnit.size() == 1 ? "throughput" : "throughput-" + slugOf(e.getKey());
            List<String> names = e.getValue().stream().map(Metric::name).distinct().toList();
            boolean curve = names.stream().anyMatch(n -> e.getValue().stream()
                    .filter(m -> m.name().equals(n)).count() >= 2);
            out.put(slug, curve
                    ? new io.noderpc.bench.Chart(slug, r.scenario() + ": throughput against clients ("
                            + e.getKey() + ", median)", io.noderpc.bench.Chart.Kind.BY_CLIENTS, names)
                    : new io.noderpc.bench.Chart(slug, r.scenario() + ": throughput (" + e.getKey() + ", median)",
                            io.noderpc.bench.Chart.Kind.BARS, e.getValue().stream().map(Metric::key).toList()));
        }
        for (Map.Entry<String, List<Metric>> e : latencyByUnit.entrySet()) {
            String slug = latencyByUnit.size() == 1 ? "latency" : "latency-" + slugOf(e.getKey());
            out.put(slug, new io.noderpc.bench.Chart(slug, r.scenario() + ": latency (" + e.getKey()
                    + ", median of rounds)", io.noderpc.bench.Chart.Kind.BARS,
                    e.getValue().stream().map(Metric::key).toList()));
        }
        Set<String> distributionNames = new LinkedHashSet<>();
        r.distributions().forEach(d -> distributionNames.add(d.name()));
        for (String name : distributionNames) {
            String slug = slugOf(name) + "-cdf";
            out.put(slug, new io.noderpc.bench.Chart(slug, r.scenario() + ": " + name.replace('_', ' ')
                    + ", cumulative distribution (all rounds)", io.noderpc.bench.Chart.Kind.CDF, List.of(name)));
        }
        for (io.noderpc.bench.Chart c : r.charts()) {
            out.put(c.slug(), c);
        }
        return List.copyOf(out.values());
    }

    /** The plots written, and for each chart that could not be drawn, why. */
    public record Written(Map<io.noderpc.bench.Chart, Path> files, Map<String, String> failures) {
    }

    /**
     * Writes every chart of {@link #chartsFor} into {@code dir}. A chart without data for this run is
     * skipped; one that fails to draw (e.g. a JVM without fonts) is left out, with the reason, and the
     * others are still drawn.
     */
    public static Written write(ScenarioResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<io.noderpc.bench.Chart, Path> written = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (io.noderpc.bench.Chart spec : chartsFor(r)) {
            Path file = dir.resolve(spec.fileName(r.scenario()));
            try {
                Optional<Chart<?, ?>> chart = render(r, spec);
                if (chart.isPresent()) {
                    BitmapEncoder.saveBitmap(chart.get(), file.toString(), BitmapEncoder.BitmapFormat.PNG);
                    written.put(spec, file);
                }
            } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
                Files.deleteIfExists(file);
                failures.put(file.getFileName().toString(), e.toString());
            }
        }
        return new Written(written, failures);
    }

    static Optional<Chart<?, ?>> render(ScenarioResult r, io.noderpc.bench.Chart spec) {
        return switch (spec.kind()) {
            case BARS -> bars(r, spec);
            case BY_CLIENTS -> byClients(r, spec);
            case CDF -> cdf(r, spec);
        };
    }

    private static Optional<Chart<?, ?>> bars(ScenarioResult r, io.noderpc.bench.Chart spec) {
        List<Metric> metrics = new ArrayList<>();
        for (String key : spec.metrics()) {
            r.metrics().stream().filter(m -> m.key().equals(key)).findFirst().ifPresent(metrics::add);
        }
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        String unit = metrics.get(0).unit();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .yAxisTitle(unit).build();
        style(chart.getStyler());
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(java.awt.Color.DARK_GRAY);
        chart.getStyler().setLabelsRotation(90);
        chart.getStyler().setXAxisLabelRotation(metrics.size() > 4 ? 20 : 0);
        List<String> categories = metrics.stream().map(Plots::label).toList();
        List<Double> all = new ArrayList<>();
        for (Scenario.Competitor c : r.competitors()) {
            List<Double> values = new ArrayList<>();
            boolean any = false;
            for (Metric m : metrics) {
                Optional<Figure> f = r.figure(m.key(), c.name());
                double v = f.map(x -> x.summary().median()).orElse(Double.NaN);
                any |= f.isPresent();
                values.add(v);
                if (f.isPresent() && v > 0) {
                    all.add(v);
                }
            }
            if (any) {
                chart.addSeries(c.name(), categories, values);
            }
        }
        if (all.isEmpty()) {
            return Optional.empty();
        }
        // XChart draws bars from zero, so a bar chart cannot have a logarithmic axis: the value labels
        // keep small bars readable next to large ones.
        chart.getStyler().setYAxisMin(0.0);
        return Optional.of(chart);
    }

    private static Optional<Chart<?, ?>> byClients(ScenarioResult r, io.noderpc.bench.Chart spec) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .xAxisTitle("concurrent clients").build();
        style(chart.getStyler());
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        String unit = null;
        for (Scenario.Competitor c : r.competitors()) {
            for (String name : spec.metrics()) {
                TreeSet<Integer> clients = new TreeSet<>();
                for (Metric m : r.metrics()) {
                    if (m.name().equals(name) && m.clients() != null && r.figure(m.key(), c.name()).isPresent()) {
                        clients.add(m.clients());
                        unit = m.unit();
                    }
                }
                if (clients.isEmpty()) {
                    continue;
                }
                double[] x = new double[clients.size()];
                double[] y = new double[clients.size()];
                int i = 0;
                for (int n : clients) {
                    x[i] = n;
                    y[i] = r.figure(name + "/" + n, c.name()).orElseThrow().summary().median();
                    xs.add(x[i]);
                    ys.add(y[i]);
                    i++;
                }
                String series = spec.metrics().size() == 1 ? c.name() : c.name() + " " + name;
                chart.addSeries(series, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        if (xs.isEmpty()) {
            return Optional.empty();
        }
        chart.setYAxisTitle(unit);
        chart.getStyler().setXAxisLogarithmic(wideSpan(xs) || xs.stream().anyMatch(x -> x >= 32));
        chart.getStyler().setYAxisMin(0.0);
        return Optional.of(chart);
    }

    private static Optional<Chart<?, ?>> cdf(ScenarioResult r, io.noderpc.bench.Chart spec) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .yAxisTitle("fraction of samples at or below").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        boolean any = false;
        for (Distribution d : r.distributions()) {
            if (!spec.metrics().contains(d.name()) || d.count() == 0) {
                continue;
            }
            double[][] points = cdfPoints(d.sorted(), CDF_POINTS);
            if (points[0].length == 0) {
                continue;
            }
            chart.setXAxisTitle(d.name().replace('_', ' ') + " (" + d.unit() + ", log scale)");
            String series = spec.metrics().size() == 1 ? d.competitor() : d.competitor() + " " + d.name();
            chart.addSeries(series, points[0], points[1]).setMarker(SeriesMarkers.NONE);
            any = true;
        }
        return any ? Optional.of(chart) : Optional.empty();
    }

    /**
     * The points of the empirical CDF of {@code sorted} (positive values only, for a log axis): at
     * most {@code max} of them, evenly spaced in rank, always with the first and the last.
     */
    static double[][] cdfPoints(double[] sorted, int max) {
        int first = 0;
        while (first < sorted.length && !(sorted[first] > 0)) {
            first++;
        }
        int n = sorted.length;
        int usable = n - first;
        if (usable <= 0) {
            return new double[][] {new double[0], new double[0]};
        }
        int points = Math.min(usable, max);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            int rank = points == 1 ? n - 1 : first + (int) Math.round((double) i * (usable - 1) / (points - 1));
            x[i] = sorted[rank];
            y[i] = (rank + 1) / (double) n;
        }
        return new double[][] {x, y};
    }

    private static boolean wideSpan(List<Double> values) {
        double min = values.stream().filter(v -> v > 0).mapToDouble(Double::doubleValue).min().orElse(1);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        return max / min > LOG_AXIS_SPAN;
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setToolTipsEnabled(false);
        styler.setAntiAlias(true);
        styler.setDecimalPattern("#,##0.##");
    }

    private static String label(Metric m) {
        return m.clients() == null ? m.name() : m.name() + " x" + m.clients();
    }

    private static String slugOf(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
