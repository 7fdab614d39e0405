package io.noderpc.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often to measure, and where things are.
 *
 * @param quick   the short variant ({@code --quick}), for a smoke run or a busy machine
 * @param rounds  how many times every trial runs for every competitor
 * @param measure the measuring time of one throughput sample
 * @param warmUp  the load time per competitor and operation before the first round
 * @param outDir  where the result files go
 * @param root    the project root, where {@code bin/} is
 */
public record RunConfig(boolean quick, int rounds, Duration measure, Duration warmUp, Path outDir, Path root) {

    public static final int DEFAULT_ROUNDS = 5;
    public static final int QUICK_ROUNDS = 3;
    public static final Duration DEFAULT_MEASURE = Duration.ofSeconds(3);
    public static final Duration QUICK_MEASURE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(3);
    public static final Duration QUICK_WARM_UP = Duration.ofSeconds(1);
    /** Rounds are bounded so that a typo cannot keep a shared machine busy for hours. */
    public static final int MAX_ROUNDS = 50;

    public RunConfig {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(warmUp, "warmUp");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(root, "root");
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be within 1.." + MAX_ROUNDS + ", not " + rounds);
        }
        if (measure.isNegative() || measure.isZero()) {
            throw new IllegalArgumentException("the measuring time must be positive: " + measure);
        }
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("the warm-up time must not be negative: " + warmUp);
        }
    }

    public static RunConfig of(boolean quick, Integer rounds, Path outDir, Path root) {
        return new RunConfig(quick,
                rounds != null ? rounds : quick ? QUICK_ROUNDS : DEFAULT_ROUNDS,
                quick ? QUICK_MEASURE : DEFAULT_MEASURE,
                quick ? QUICK_WARM_UP : DEFAULT_WARM_UP,
                outDir, root);
    }
}
