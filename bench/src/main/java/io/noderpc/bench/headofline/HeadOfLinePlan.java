package io.noderpc.bench.headofline;

import io.noderpc.bench.RunConfig;

import java.time.Duration;

/**
 * The sizes and times of one headofline run: 64 MiB messages, two senders, in phases of 10 s, or of
 * 3 s with {@code --quick} (same messages, fewer and shorter phases, to fit the quick budget).
 *
 * @param messageBytes       size of one bulk message (a {@code byte[]} argument)
 * @param senders            threads sending bulk messages back to back
 * @param phase              how long bulk messages are started in one trial; the last ones finish after it
 * @param warmUpPhase        the length of the one warm-up phase per set-up
 * @param smallCallInterval  a small call starts this long after the previous one started (or at once if it
 *                           took longer)
 * @param tickTime           the nodes' tick time: a tick every quarter of it, down after all of it
 * @param silenceSampling    how often {@code Node.silence} is read
 */
public record HeadOfLinePlan(int messageBytes, int senders, Duration phase, Duration warmUpPhase,
                             Duration smallCallInterval, Duration tickTime, Duration silenceSampling) {

    public static final int MESSAGE_BYTES = 64 << 20;
    public static final int SENDERS = 2;
    public static final Duration FULL_PHASE = Duration.ofSeconds(10);
    public static final Duration QUICK_PHASE = Duration.ofSeconds(3);
    public static final Duration SMALL_CALL_INTERVAL = Duration.ofMillis(5);
    public static final Duration TICK_TIME = Duration.ofSeconds(2);
    public static final Duration SILENCE_SAMPLING = Duration.ofMillis(1);
    /** What a bulk message may take at most after the end of a phase (a stuck one fails the run). */
    public static final Duration BULK_CALL_TIMEOUT = Duration.ofSeconds(120);
    /** The set-ups each round measures. */
    public static final int SETUPS = Setup.values().length;
    /** Start of the nodes, and the tail of each phase (the messages still in flight at its end), at most. */
    static final Duration OVERHEAD = Duration.ofSeconds(3);
    static final Duration TAIL = Duration.ofMillis(1500);

    public static HeadOfLinePlan of(RunConfig config) {
        return new HeadOfLinePlan(MESSAGE_BYTES, SENDERS,
                config.quick() ? QUICK_PHASE : FULL_PHASE, config.warmUp(), SMALL_CALL_INTERVAL, TICK_TIME,
                SILENCE_SAMPLING);
    }

    /**
     * What a run of {@code rounds} rounds should take on a 2-core machine: a warm-up phase and a
     * phase per round for each set-up, each with its tail, and the start of the nodes.
     */
    public Duration planned(int rounds) {
        Duration perSetup = warmUpPhase.plus(TAIL).plus(phase.plus(TAIL).multipliedBy(rounds));
        return perSetup.multipliedBy(SETUPS).plus(OVERHEAD);
    }
}
