package io.noderpc.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosedLoopTest {

    @Test
    void everyOperationGetsAUniqueSequenceNumberAndIsCounted() throws Exception {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ClosedLoop.Result r = ClosedLoop.run("t", 4, Duration.ofMillis(50), (client, seq) -> {
            assertTrue(seen.add(seq));
            Thread.sleep(1);
        });
        assertEquals(seen.size(), r.ops());
        assertEquals(0, r.errors());
        assertTrue(r.elapsedNanos() >= Duration.ofMillis(50).toNanos());
        assertTrue(r.opsPerSecond() > 0);
    }

    @Test
    void failuresAreErrorsNotOperationsAndAClientGivesUpAfterTooManyInARow() throws Exception {
        ClosedLoop.Result r = ClosedLoop.run("t", 2, Duration.ofSeconds(10), (client, seq) -> {
            throw new java.io.IOException("refused");
        });
        assertEquals(0, r.ops());
        assertEquals(2L * ClosedLoop.MAX_CONSECUTIVE_ERRORS, r.errors());
        assertEquals("refused", r.firstError().getMessage());
    }

    @Test
    void theClientCountIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> ClosedLoop.run("t", 0, Duration.ofMillis(1), (c, s) -> { }));
    }
}
