package io.noderpc.bench;

import io.noderpc.bench.calls.CallsScenario;
import io.noderpc.bench.epmd.EpmdScenario;
import io.noderpc.bench.headofline.HeadOfLineScenario;
import io.noderpc.bench.headofline.ShapedLinkScenario;
import io.noderpc.bench.scale.ScaleScenario;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/noderpc-bench SCENARIO...|all [--quick] [--out DIR] [--rounds N]}: runs scenario
 * benchmarks and writes {@code SCENARIO.json}, {@code SCENARIO.md} and the scenario's plots
 * ({@code SCENARIO-*.png}) into the results folder (by default {@code bench-results/<timestamp>/}
 * under the project root), and {@code run.json} and {@code run.md} (wall time of each scenario).
 * Exit status 0 on success, 1 when a scenario failed, 2 on a usage error.
 */
public final class BenchMain {

    static final String USAGE = """
            usage: noderpc-bench SCENARIO...|all [--quick] [--out DIR] [--rounds N]

              SCENARIO     one or more of: %s
              all          every scenario but shaped (needs root), in that order (with --quick: under
                           %d minutes on 2 cores)
              --quick      fewer and shorter rounds (%d rounds of %d s instead of %d of %d s)
              --out DIR    results folder (default: <project>/bench-results/<timestamp>/)
              --rounds N   rounds per figure (1..%d)

            Writes SCENARIO.json (every sample), SCENARIO.md (medians, ranges, ratios), SCENARIO-*.png
            (plots), and run.json and run.md (wall time of each scenario).
            See docs/benchmarks.md.
            """;

    private BenchMain() {
    }

    static Map<String, Scenario> scenarios() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Scenario s : List.<Scenario>of(new EpmdScenario(), new CallsScenario(),
                new HeadOfLineScenario(), new ScaleScenario(), new ShapedLinkScenario())) {
            all.put(s.name(), s);
        }
        return all;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Scenario> known = scenarios();
        List<Scenario> selected = new ArrayList<>();
        boolean quick = false;
        boolean all = false;
        Integer rounds = null;
        Path outDir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--out" -> {
                    if (++i == args.length) {
                        return usage(err, known, "--out needs a folder");
                    }
                    outDir = Path.of(args[i]);
                }
                case "--rounds" -> {
                    if (++i == args.length) {
                        return usage(err, known, "--rounds needs a number");
                    }
                    try {
                        rounds = Integer.parseInt(args[i]);
                    } catch (NumberFormatException e) {
                        return usage(err, known, "--rounds needs a number, not '" + args[i] + "'");
                    }
                    if (rounds < 1 || rounds > RunConfig.MAX_ROUNDS) {
                        return usage(err, known, "--rounds must be within 1.." + RunConfig.MAX_ROUNDS);
                    }
                }
                case "-h", "--help" -> {
                    out.print(usageText(known));
                    return 0;
                }
                case "all" -> {
                    selected.clear();
                    known.values().stream().filter(Scenario::inAll).forEach(selected::add);
                    all = true;
                }
                default -> {
                    if (all) {
                        continue;
                    }
                    Scenario s = known.get(a);
                    if (s == null) {
                        return usage(err, known, "unknown scenario or option '" + a + "'");
                    }
                    if (!selected.contains(s)) {
                        selected.add(s);
                    }
                }
            }
        }
        if (selected.isEmpty()) {
            return usage(err, known, "name a scenario");
        }
        Path root = Path.of(System.getProperty("noderpc.root", ".")).toAbsolutePath().normalize();
        if (outDir == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            outDir = root.resolve("bench-results").resolve(stamp);
        }
        RunConfig config = RunConfig.of(quick, rounds, outDir, root);
        RoundRunner runner = new RoundRunner(err);
        RunIndex index = new RunIndex(Instant.now(), quick);
        if (quick && selected.size() > 1) {
            err.printf("noderpc-bench: quick budget of the %d scenarios: %d s%n", selected.size(),
                    QuickBudget.total(selected.stream().map(Scenario::name).toList()).toSeconds());
        }
        int status = 0;
        for (Scenario s : selected) {
            long t0 = System.nanoTime();
            try {
                ScenarioResult result = runner.run(s, config);
                List<Path> files = Reports.write(result, outDir);
                index.add(new RunIndex.Entry(s.name(), result.elapsed(), null, files));
                out.println();
                out.print(java.nio.file.Files.readString(files.get(1)));
                out.println();
                files.forEach(f -> out.println("wrote " + f));
            } catch (Exception e) {
                err.println("noderpc-bench: scenario " + s.name() + " failed: " + e);
                e.printStackTrace(err);
                index.add(new RunIndex.Entry(s.name(), Duration.ofNanos(System.nanoTime() - t0), e.toString(),
                        List.of()));
                status = 1;
            }
        }
        try {
            List<Path> files = index.write(outDir);
            out.println();
            out.print(index.markdown());
            files.forEach(f -> out.println("wrote " + f));
        } catch (java.io.IOException e) {
            err.println("noderpc-bench: could not write the run index: " + e);
            status = 1;
        }
        return status;
    }

    private static int usage(PrintStream err, Map<String, Scenario> known, String problem) {
        err.println("noderpc-bench: " + problem);
        err.print(usageText(known));
        return 2;
    }

    private static String usageText(Map<String, Scenario> known) {
        return String.format(USAGE, String.join(", ", known.keySet()), QuickBudget.TOTAL.toMinutes(),
                RunConfig.QUICK_ROUNDS, RunConfig.QUICK_MEASURE.toSeconds(),
                RunConfig.DEFAULT_ROUNDS, RunConfig.DEFAULT_MEASURE.toSeconds(), RunConfig.MAX_ROUNDS);
    }
}
