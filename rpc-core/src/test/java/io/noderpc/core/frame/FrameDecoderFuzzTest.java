package io.noderpc.core.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.core.fuzz.FuzzHarness;
import io.noderpc.core.fuzz.FuzzTarget;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target {@code frame-decoder}: replays the committed corpus, then a bounded seeded mutation run (see
 * {@link FuzzHarness} for the knobs and {@code FuzzMain} for long runs).
 */
class FrameDecoderFuzzTest {

    private static final FuzzTarget TARGET = FrameFuzzTargets.FRAME_DECODER;

    static Stream<Arguments> corpus() {
        return FuzzHarness.corpus(TARGET).stream().map(i -> Arguments.of(i.name(), i.bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void replays(String name, byte[] input) {
        FuzzHarness.runOne(TARGET, name, input);
    }

    @Test
    void theValidSeedsDecodeFully() {
        List<String> outcome = FuzzHarness.runOne(TARGET, "many", FrameFuzzTargets.seeds().get("many.bin"));
        assertTrue(outcome.size() == 17 && outcome.stream().noneMatch(s -> s.startsWith("error")), outcome.toString());
        assertTrue(outcome.get(4).contains("error=NO_SUCH_FUNCTION"), outcome.get(4));
    }

    @Test
    void generatedSeedsAreCommitted() {
        Map<String, byte[]> committed = new java.util.HashMap<>();
        FuzzHarness.corpus(TARGET).forEach(i -> committed.put(i.name(), i.bytes()));
        FrameFuzzTargets.seeds().forEach((name, bytes) -> assertArrayEquals(bytes, committed.get(name),
                name + " differs from the generated seed: run FuzzCorpus.main and commit"));
    }

    @Test
    void survivesMutations() {
        int iterations = FuzzHarness.iterations();
        int outcomes = FuzzHarness.mutate(TARGET, FuzzHarness.corpus(TARGET), FuzzHarness.seed(), iterations);
        assertTrue(outcomes > Math.min(50, iterations / 10), "mutations reached only " + outcomes + " outcomes");
    }
}
