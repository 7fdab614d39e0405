package io.noderpc.bench.calls;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErpcReportTest {

    @Test
    void callsLineGivesCountsTimeAndQuantiles() {
        LoadFigures f = ErpcReport.calls(
                "noderpc_bench calls ops=9482 errors=3 elapsed_us=500123 samples=9482 p50_us=47.400 p99_us=90.013");
        assertEquals(9482, f.ops());
        assertEquals(3, f.errors());
        assertEquals(0.500123, f.seconds(), 1e-9);
        assertEquals(47.4, f.p50Micros(), 1e-9);
        assertEquals(90.013, f.p99Micros(), 1e-9);
        assertEquals(9482 / 0.500123, f.opsPerSecond(), 1e-6);
    }

    @Test
    void pipelinedLineIsReadAsACallsLineOfItsOwnKind() {
        LoadFigures f = ErpcReport.pipelined(
                "noderpc_bench pipelined ops=40000 errors=0 elapsed_us=500000 samples=40000 p50_us=780.5 p99_us=1500");
        assertEquals(40000, f.ops());
        assertEquals(80000, f.opsPerSecond(), 1e-6);
        assertEquals(780.5, f.p50Micros(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ErpcReport.pipelined(
                "noderpc_bench calls ops=1 errors=0 elapsed_us=5 samples=1 p50_us=1 p99_us=1"));
    }

    @Test
    void castsLineCountsWhatTheServerHandled() {
        LoadFigures f = ErpcReport.casts("noderpc_bench casts sent=35000 delivered=34990 elapsed_us=501000");
        assertEquals(34990, f.ops());
        assertEquals(10, f.errors(), "sent but never handled");
        assertTrue(Double.isNaN(f.p50Micros()));
        assertEquals(34990 / 0.501, f.opsPerSecond(), 1e-6);
    }

    @Test
    void readyLineGivesTheVersions() {
        Map<String, String> v = ErpcReport.ready("noderpc_bench ready otp=25 erts=13.1.5");
        assertEquals("25", v.get("otp"));
        assertEquals("13.1.5", v.get("erts"));
    }

    @Test
    void theOtpReleaseDecidesWhetherErpcHasThePipelinedLoad() {
        assertEquals(25, ErlangErpc.release(ErpcReport.ready("noderpc_bench ready otp=25 erts=13.1.5").get("otp")));
        assertEquals(27, ErlangErpc.release("27"));
        assertEquals(0, ErlangErpc.release("R16B03"));
        assertEquals(0, ErlangErpc.release(null));
    }

    @Test
    void anErrorLineFailsWithErlangsReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ErpcReport.calls("noderpc_bench error error:badarg"));
        assertEquals("erpc: error:badarg", e.getMessage());
    }

    @Test
    void aLoadWithoutACompletedCallFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ErpcReport.calls(
                "noderpc_bench calls ops=0 errors=100 elapsed_us=600000 samples=0 p50_us=nan p99_us=nan"));
        assertTrue(e.getMessage().contains("100 failed"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> ErpcReport.casts("noderpc_bench casts sent=10 delivered=0 elapsed_us=30000000"));
    }

    @Test
    void malformedLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ErpcReport.calls("calls ops=1"));
        assertThrows(IllegalArgumentException.class,
                () -> ErpcReport.calls("noderpc_bench casts sent=1 delivered=1 elapsed_us=1"));
        assertThrows(IllegalArgumentException.class,
                () -> ErpcReport.calls("noderpc_bench calls ops=1 errors=0 elapsed_us=10 p50_us=1.0"));
        assertThrows(IllegalArgumentException.class,
                () -> ErpcReport.calls("noderpc_bench calls ops=x errors=0 elapsed_us=10 p50_us=1 p99_us=2"));
        assertThrows(IllegalArgumentException.class,
                () -> ErpcReport.calls("noderpc_bench calls ops=1 errors=0 elapsed_us=0 p50_us=1 p99_us=2"));
        assertThrows(IllegalArgumentException.class,
                () -> ErpcReport.calls("noderpc_bench calls ops=1 errors=0 elapsed_us=10 p50_us=nan p99_us=2"));
        assertThrows(IllegalArgumentException.class,
                () -> ErpcReport.calls("noderpc_bench calls ops=1 errors junk"));
    }

    @Test
    void otherOutputIsNotAReport() {
        assertFalse(ErpcReport.isReport("=ERROR REPORT==== 4-Dec-2026::12:30:31 ==="));
        assertTrue(ErpcReport.isReport("noderpc_bench ready otp=25 erts=13.1.5"));
    }

    @Test
    void theErlangModuleShipsInTheJar() {
        assertNotNull(ErlangErpc.class.getResource(ErlangErpc.MODULE + ".erl"));
    }
}
