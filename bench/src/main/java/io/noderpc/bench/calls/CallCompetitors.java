package io.noderpc.bench.calls;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The competitors of the calls scenario, subject first. */
final class CallCompetitors {

    private CallCompetitors() {
    }

    /**
     * Every competitor this machine can run; one that cannot (no {@code erl}) is left out with a line
     * on {@code progress} saying why.
     */
    static List<SelfTimedCompetitor> available(int maxCallers, int maxSenders, PrintStream progress) {
        List<SelfTimedCompetitor> all = new ArrayList<>();
        all.add(new ClosedLoopCompetitor(new NoderpcDataChannel(), maxCallers, maxSenders));
        all.add(new ClosedLoopCompetitor(new RawTcpFloor(maxCallers, maxSenders), maxCallers, maxSenders));
        return all;
    }
}
