package io.noderpc.bench.scale;

import io.noderpc.bench.RunConfig;

import java.time.Duration;

/**
 * The sizes of one scale run.
 *
 * @param idleLinks    keyed links opened to the server in the links trial
 * @param spreadLinks  keyed links the calls of the throughput trials are spread over
 * @param callers      caller counts of the throughput trials (the last is the largest)
 * @param measure      the measuring time of one throughput sample
 * @param warmUp       the load time per competitor before the first round
 */
public record ScalePlan(int idleLinks, int spreadLinks, int[] callers, Duration measure, Duration warmUp) {

    public static final int IDLE_LINKS = 1000;
    public static final int SPREAD_LINKS = 100;
    static final int[] CALLERS = {1, 16, 100};
    /** Start of the server, a GC before and after each links trial, closing the nodes: at most this. */
    static final Duration OVERHEAD = Duration.ofSeconds(4);
    /** Opening and closing 1,000 links with two full GCs, on a 2-core machine, at most. */
    static final Duration LINKS_TRIAL = Duration.ofSeconds(5);

    public static ScalePlan of(RunConfig config) {
        return new ScalePlan(IDLE_LINKS, SPREAD_LINKS, CALLERS.clone(), config.measure(), config.warmUp());
    }

    public ScalePlan {
        callers = callers.clone();
    }

    /** What a run of {@code rounds} rounds should take: both competitors, every caller count, the links trial. */
    public Duration planned(int rounds) {
        Duration perRound = measure.multipliedBy(2L * callers.length).plus(LINKS_TRIAL);
        return warmUp.multipliedBy(2).plus(perRound.multipliedBy(rounds)).plus(OVERHEAD);
    }
}
