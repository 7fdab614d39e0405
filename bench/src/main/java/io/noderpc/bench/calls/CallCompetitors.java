package io.noderpc.bench.calls;

import java.util.ArrayList;
import java.util.List;

/** The competitors of the calls scenario, subject first. */
final class CallCompetitors {

    private CallCompetitors() {
    }

    static List<CallCompetitor> available(int maxCallers) {
        List<CallCompetitor> all = new ArrayList<>();
        all.add(new NoderpcDataChannel());
        all.add(new RawTcpFloor(maxCallers));
        return all;
    }
}
