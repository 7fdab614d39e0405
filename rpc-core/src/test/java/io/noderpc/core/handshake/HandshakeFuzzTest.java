package io.noderpc.core.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.core.fuzz.FuzzCorpus;
import io.noderpc.core.fuzz.FuzzHarness;
import io.noderpc.core.fuzz.FuzzTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz targets {@code handshake-server} and {@code handshake-client}: the handshake decoder and handlers with
 * every link stage behind them. Replays the committed corpus, then a bounded seeded mutation run.
 */
class HandshakeFuzzTest {

    static final List<FuzzTarget> TARGETS = List.of(HandshakeFuzzTargets.SERVER_TARGET,
            HandshakeFuzzTargets.CLIENT_TARGET);

    static Stream<Arguments> corpus() {
        return TARGETS.stream().flatMap(t -> FuzzHarness.corpus(t).stream()
                .map(i -> Arguments.of(t.name() + "/" + i.name(), t, i.bytes())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void replays(String name, FuzzTarget target, byte[] input) {
        FuzzHarness.runOne(target, name, input);
    }

    @Test
    void validSeedsAuthenticateAndReachTheFrames() {
        for (FuzzTarget target : TARGETS) {
            List<String> outcome = FuzzHarness.runOne(target, "full", FuzzCorpus.seeds(target).get("full.bin"));
            assertTrue(outcome.get(0).startsWith("completed"), target.name() + ": " + outcome);
            assertEquals(18, outcome.size(), target.name() + ": " + outcome);
        }
        List<String> wrong = FuzzHarness.runOne(HandshakeFuzzTargets.SERVER_TARGET, "wrong-proof",
                HandshakeFuzzTargets.serverSeeds().get("wrong-proof.bin"));
        assertEquals(List.of("failed AuthenticationFailedException"), wrong);
    }

    @Test
    void generatedSeedsAreCommitted() {
        for (FuzzTarget target : TARGETS) {
            Map<String, byte[]> committed = new HashMap<>();
            FuzzHarness.corpus(target).forEach(i -> committed.put(i.name(), i.bytes()));
            FuzzCorpus.seeds(target).forEach((name, bytes) -> assertArrayEquals(bytes, committed.get(name),
                    target.name() + "/" + name + " differs from the generated seed: run FuzzCorpus.main and commit"));
        }
    }

    @Test
    void survivesMutations() {
        int iterations = FuzzHarness.iterations();
        for (FuzzTarget target : TARGETS) {
            int outcomes = FuzzHarness.mutate(target, FuzzHarness.corpus(target), FuzzHarness.seed(), iterations);
            assertTrue(outcomes > Math.min(20, iterations / 20), target.name() + ": mutations reached only "
                    + outcomes + " outcomes");
        }
    }
}
