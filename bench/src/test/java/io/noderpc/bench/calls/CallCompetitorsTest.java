package io.noderpc.bench.calls;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CallCompetitorsTest {

    @Test
    void noSelectionMeansAll() {
        assertNull(CallCompetitors.selection(null));
        assertNull(CallCompetitors.selection(" "));
    }

    @Test
    void selectionIsACommaSeparatedListOfNames() {
        assertEquals(Set.of("noderpc", "grpc"), CallCompetitors.selection("noderpc, grpc,,"));
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("32B", CallsScenario.size(32));
        assertEquals("4KiB", CallsScenario.size(4096));
        assertEquals("1MiB", CallsScenario.size(1 << 20));
        assertEquals("1000B", CallsScenario.size(1000));
    }
}
