package io.noderpc.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * How long each scenario may take with {@code --quick}, so that {@code noderpc-bench all --quick}
 * stays under {@link #TOTAL} on a 2-core machine. Scenarios size their quick runs to their budget;
 * the run index ({@link RunIndex}) compares each scenario's wall time with it and flags overruns.
 */
public final class QuickBudget {

    /** The promise of {@code all --quick}: every scenario, start-ups included, within this. */
    public static final Duration TOTAL = Duration.ofMinutes(5);
    /** The budget of a scenario not listed here. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private static final Map<String, Duration> BUDGETS = Map.of(
            "epmd", Duration.ofSeconds(45),
            "calls", Duration.ofSeconds(125),
            "headofline", Duration.ofSeconds(55),
            "scale", Duration.ofSeconds(45),
            "shaped", Duration.ofSeconds(60));

    private QuickBudget() {
    }

    /** The quick budget of the scenario named {@code scenario}. */
    public static Duration of(String scenario) {
        return BUDGETS.getOrDefault(scenario, DEFAULT);
    }

    /** The sum of the budgets of {@code scenarios}. */
    public static Duration total(Collection<String> scenarios) {
        return scenarios.stream().map(QuickBudget::of).reduce(Duration.ZERO, Duration::plus);
    }

    /** Whether a scenario that took {@code wallTime} with {@code --quick} overran its budget. */
    public static boolean over(String scenario, Duration wallTime) {
        return wallTime.compareTo(of(scenario)) > 0;
    }
}
