package io.noderpc.core.fuzz;

import java.util.List;

/**
 * Long fuzz runs outside the test suite.
 *
 * <pre>
 *  java -cp &lt;test classpath&gt; io.noderpc.core.fuzz.FuzzMain [target|all] [iterations] [seed]
 * </pre>
 * Targets: {@code frame-decoder}, {@code handshake-server}, {@code handshake-client}. Without a seed a random one is
 * chosen and printed, so a finding can be reproduced. A finding is saved under {@code target/fuzz-findings/} and
 * ends the run with exit status 1; fix it, then commit the input into the target's corpus.
 */
public final class FuzzMain {

    private static final int BATCH = 10_000;

    private FuzzMain() {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "all";
        long iterations = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        List<FuzzTarget> targets = FuzzCorpus.targets().stream()
                .filter(t -> which.equals("all") || t.name().equals(which)).toList();
        if (targets.isEmpty()) {
            System.err.println("unknown target " + which + "; one of: all, "
                    + FuzzCorpus.targets().stream().map(FuzzTarget::name).toList());
            System.exit(2);
        }
        try {
            for (FuzzTarget target : targets) {
                List<FuzzHarness.Input> corpus = FuzzHarness.corpus(target);
                for (FuzzHarness.Input input : corpus) {
                    FuzzHarness.runOne(target, input.name(), input.bytes());
                }
                long start = System.nanoTime();
                for (long done = 0, batch = 0; done < iterations; done += BATCH, batch++) {
                    int n = (int) Math.min(BATCH, iterations - done);
                    int outcomes = FuzzHarness.mutate(target, corpus, seed + batch, n);
                    System.out.printf("%s seed %d batch %d: %d runs, %d distinct outcomes, %.0f runs/s%n",
                            target.name(), seed, batch, done + n, outcomes,
                            (done + n) / ((System.nanoTime() - start) / 1e9));
                }
            }
        } catch (AssertionError e) {
            System.err.println("FINDING: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("no findings");
    }
}
