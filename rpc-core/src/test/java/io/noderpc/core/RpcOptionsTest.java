package io.noderpc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.core.internal.OptionValues;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RpcOptionsTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsAreGenRpcs() {
        RpcOptions o = RpcOptions.builder(new Properties()).build();
        assertEquals(Duration.ofSeconds(5), o.connectTimeout());
        assertEquals(Duration.ofSeconds(5), o.sendTimeout());
        assertEquals(Duration.ofSeconds(5), o.authTimeout());
        assertEquals(Duration.ofSeconds(15), o.callTimeout());
        assertEquals(Duration.ofSeconds(15), o.sbcastTimeout());
        assertEquals(Duration.ZERO, o.clientInactivityTimeout());
        assertEquals(Duration.ZERO, o.serverInactivityTimeout());
        assertEquals(Duration.ofSeconds(60), o.pingInterval());
        assertEquals(1 << 20, o.maxFrameLength());
        assertEquals(64 * 1024, o.chunkSize());
        assertEquals(128 << 20, o.maxMessageSize());
        assertEquals(256L << 20, o.maxReassemblyBytes());
        assertEquals(1024, o.maxInFlightPerConnection());
    }

    @Test
    void systemPropertiesOverrideDefaultsAndSettersOverrideBoth() {
        RpcOptions o = RpcOptions.builder(props("noderpc.callTimeout", "20s", "noderpc.chunkSize", "32KiB",
                "noderpc.clientInactivityTimeout", "never", "noderpc.authTimeout", "750",
                "noderpc.maxInFlightPerConnection", "64", "noderpc.unrelated", "x"))
                .chunkSize(16 * 1024)
                .build();
        assertEquals(Duration.ofSeconds(20), o.callTimeout());
        assertEquals(Duration.ofMillis(750), o.authTimeout());
        assertEquals(16 * 1024, o.chunkSize());
        assertEquals(Duration.ZERO, o.clientInactivityTimeout());
        assertEquals(64, o.maxInFlightPerConnection());
        String described = o.describe();
        assertTrue(described.contains("callTimeout=20s [system property noderpc.callTimeout]"), described);
        assertTrue(described.contains("chunkSize=16KiB [set]"), described);
        assertTrue(described.contains("connectTimeout=5s,"), described);
        assertTrue(described.contains("maxFrameLength=1MiB"), described);
    }

    @Test
    void readsTheRealSystemProperties() {
        System.setProperty("noderpc.sbcastTimeout", "3s");
        try {
            assertEquals(Duration.ofSeconds(3), RpcOptions.defaults().sbcastTimeout());
        } finally {
            System.clearProperty("noderpc.sbcastTimeout");
        }
    }

    @Test
    void rejectsMalformedOrOutOfRangePropertiesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RpcOptions.builder(props("noderpc.callTimeout", "soon")));
        assertTrue(e.getMessage().contains("noderpc.callTimeout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RpcOptions.builder(props("noderpc.connectTimeout", "0")));
        assertTrue(e.getMessage().contains("connectTimeout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RpcOptions.builder(props("noderpc.chunkSize", "12")));
        assertThrows(IllegalArgumentException.class, () -> RpcOptions.builder(props("noderpc.maxFrameLength", "4g")));
    }

    @Test
    void settersValidateAtOnce() {
        RpcOptions.Builder b = RpcOptions.builder(new Properties());
        assertThrows(IllegalArgumentException.class, () -> b.callTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.callTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.callTimeout(Duration.ofDays(100)));
        assertThrows(IllegalArgumentException.class, () -> b.maxInFlightPerConnection(0));
        assertThrows(NullPointerException.class, () -> b.authTimeout(null));
        b.pingInterval(Duration.ZERO);
        assertEquals(Duration.ZERO, b.build().pingInterval());
    }

    @Test
    void refusesConflictingSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RpcOptions
                .builder(new Properties()).chunkSize(1 << 20).build());
        assertTrue(e.getMessage().contains("maxFrameLength"), e.getMessage());
        RpcOptions.builder(new Properties()).chunkSize(1 << 20).maxFrameLength((1 << 20) + 1024).build();
        e = assertThrows(IllegalArgumentException.class, () -> RpcOptions.builder(new Properties())
                .maxReassemblyBytes(1000).build());
        assertTrue(e.getMessage().contains("maxReassemblyBytes"), e.getMessage());
    }

    @Test
    void toBuilderKeepsValuesAndOrigins() {
        RpcOptions o = RpcOptions.builder(props("noderpc.sendTimeout", "7s")).build();
        RpcOptions copy = o.toBuilder().build();
        assertEquals(o, copy);
        assertEquals(o.describe(), copy.describe());
    }

    @Test
    void parsesAndFormatsValues() {
        assertEquals(Duration.ofMillis(500), OptionValues.parseDuration("500ms"));
        assertEquals(Duration.ofMinutes(2), OptionValues.parseDuration(" 2m "));
        assertEquals(Duration.ofSeconds(5), OptionValues.parseDuration("PT5S"));
        assertEquals(Duration.ofMillis(42), OptionValues.parseDuration("42"));
        assertEquals(Duration.ZERO, OptionValues.parseDuration("infinity"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.parseDuration("5 parsecs"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.parseDuration("99999999999999999999s"));
        assertEquals(65536, OptionValues.parseSize("64KiB"));
        assertEquals(1 << 20, OptionValues.parseSize("1m"));
        assertEquals(3L << 30, OptionValues.parseSize("3 GB"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.parseSize("-1"));
        assertEquals("1500ms", OptionValues.formatDuration(Duration.ofMillis(1500)));
        assertEquals("never", OptionValues.formatDuration(Duration.ZERO));
        assertEquals("1000", OptionValues.formatSize(1000));
        assertEquals("2GiB", OptionValues.formatSize(2L << 30));
    }
}
