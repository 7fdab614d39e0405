package io.noderpc.bench.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.testkit.OtpInstallation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The erpc competitor against real Erlang/OTP nodes: its driver module compiles, and each load runs and reports. */
class ErpcOtpIT {

    @Test
    void erpcCallsPipelinedCallsAndCastsRunBetweenTwoOtpNodes() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ErlangErpc erpc = new ErlangErpc(OtpInstallation.erl(),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            erpc.start();
            assertTrue(erpc.description().contains("Erlang/OTP"), erpc.description());
            LoadFigures calls = erpc.calls(32, 4, Duration.ofMillis(200));
            assertTrue(calls.ops() > 0);
            assertEquals(0, calls.errors(), log.toString(StandardCharsets.UTF_8));
            // request id collections came with OTP 25 (Debian bookworm ships 25.2)
            assertEquals(erpc.description().matches("Erlang/OTP (2[5-9]|[3-9][0-9]) .*"), erpc.hasPipelined(),
                    erpc.description());
            if (erpc.hasPipelined()) {
                LoadFigures pipelined = erpc.pipelined(32, 64, Duration.ofMillis(300));
                assertTrue(pipelined.ops() > 64, "completed " + pipelined.ops());
                assertEquals(0, pipelined.errors(), log.toString(StandardCharsets.UTF_8));
                assertTrue(pipelined.p50Micros() > 0 && pipelined.p50Micros() <= pipelined.p99Micros());
            }
            LoadFigures casts = erpc.casts(32, 1, Duration.ofMillis(200));
            assertTrue(casts.ops() > 0);
            assertEquals(0, casts.errors());
        }
    }
}
