package io.noderpc.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatusTest {

    @Test
    void kibValuesAreParsedFromStatusLines() {
        assertEquals(57076, ProcStatus.parseKib("\t   57076 kB"));
        assertThrows(IllegalArgumentException.class, () -> ProcStatus.parseKib("57076 MB"));
    }

    @Test
    void cpuTicksAreUserPlusSystemEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (epmd (x) y) S 1 4242 4242 0 -1 4194560 120 0 0 0 250 37 0 0 20 0 1 0 100 2637824 700";
        assertEquals(287, ProcStatus.parseCpuTicks(stat));
    }

    @Test
    void thisProcessHasMemoryAndCpuTime() {
        long pid = ProcessHandle.current().pid();
        long resident = ProcStatus.residentKib(pid).orElseThrow();
        assertTrue(resident > 0);
        // the peak read after the resident size is at least that size; read the other way round, the
        // process may grow in between
        assertTrue(ProcStatus.peakResidentKib(pid).orElseThrow() >= resident);
        assertTrue(ProcStatus.cpuTimeNanos(pid).isPresent());
    }
}
