package io.noderpc.bench.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Java competitor of the calls scenario over real loopback sockets: blocking calls from two
 * threads, calls kept in flight by one, and one-way messages, each echoed or counted in full.
 */
class CallCompetitorsIT {

    static Stream<CallCompetitor> competitors() {
        return Stream.of(new NoderpcDataChannel(), new NoderpcDistChannel(), new RawTcpFloor(2, 1), new GrpcUnary());
    }

    @ParameterizedTest
    @MethodSource("competitors")
    void callsPipelinedCallsAndCastsAllComeBack(CallCompetitor competitor) throws Exception {
        try (ClosedLoopCompetitor c = new ClosedLoopCompetitor(competitor, 2, 1)) {
            c.start();
            for (int payload : List.of(32, 1 << 20)) {
                LoadFigures calls = c.calls(payload, 2, Duration.ofMillis(200));
                assertTrue(calls.ops() > 0, c.name() + " completed no call of " + payload + " B");
                assertEquals(0, calls.errors(), c.name());
            }
            assertTrue(c.hasPipelined(), c.name());
            LoadFigures pipelined = c.pipelined(32, 64, Duration.ofMillis(300));
            assertTrue(pipelined.ops() > 64, c.name() + " completed " + pipelined.ops() + " pipelined calls");
            assertEquals(0, pipelined.errors(), c.name());
            assertTrue(pipelined.p50Micros() <= pipelined.p99Micros(), c.name());
            assertTrue(c.hasCasts(), c.name());
            LoadFigures casts = c.casts(32, 1, Duration.ofMillis(200));
            assertTrue(casts.ops() > 0, c.name());
            assertEquals(0, casts.errors(), c.name() + ": casts sent but never handled");
        }
    }
}
