package io.noderpc.bench;

import java.util.List;
import java.util.Map;

/**
 * A scenario benchmark: competitors doing the same work, measured alike in one run.
 *
 * <p>{@link RoundRunner} opens a {@link Session}, calls {@link Session#warmUp()}, then runs every
 * round: each {@link Trial} in turn, for each competitor in turn (A, B, A, B, ...), so that drift
 * of a shared, noisy machine falls on all competitors rather than on the last one. It then calls
 * {@link Session#afterRounds()} and closes the session, also on failure.
 */
public interface Scenario {

    /** The name on the command line and in file names, e.g. {@code epmd}. */
    String name();

    /** One line saying what is compared. */
    String title();

    /** Whether {@code all} runs it; a scenario that needs more than the benchmark JVM (root, say) says no. */
    default boolean inAll() {
        return true;
    }

    /**
     * Starts the competitors (processes, servers, data). One-off figures (e.g. memory at rest) go to
     * {@code recorder} here, in {@code warmUp} or in {@code afterRounds}.
     */
    Session open(RunConfig config, Recorder recorder) throws Exception;

    /** The running competitors of one run. */
    interface Session extends AutoCloseable {

        /**
         * The competitors, in the order each round runs them. The first is the subject (noderpc);
         * the reports give the ratio of its median to each other competitor's.
         */
        List<Competitor> competitors();

        /** What each round measures, in order. */
        List<Trial> trials();

        /** Settings worth reporting next to the figures (sizes, durations, flags). */
        Map<String, Object> settings();

        /**
         * Plots to draw besides those derived from the figures (throughput curves, latency bars,
         * CDFs of the distributions; see {@link Plots#chartsFor}). A chart with the slug of a
         * derived one replaces it.
         */
        default List<Chart> charts() {
            return List.of();
        }

        /** Runs before the first round; nothing recorded here counts unless it records it itself. */
        default void warmUp() throws Exception {
        }

        /** Runs after the last round, before {@link #close()}. */
        default void afterRounds() throws Exception {
        }

        /** Stops every process and frees every resource the session started; called once, never throws. */
        @Override
        void close();
    }

    /** A competitor: a stable short name (JSON key) and how it is run (version, command line). */
    record Competitor(String name, String description) {
    }
}
