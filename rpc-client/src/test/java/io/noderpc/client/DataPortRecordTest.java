package io.noderpc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataPortRecordTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void formatsTheCurrentVersion() {
        DataPortRecord record = DataPortRecord.of(5370);
        assertEquals("noderpc/1 data=5370", record.format());
        assertArrayEquals(bytes("noderpc/1 data=5370"), record.toExtra());
    }

    @Test
    void roundTrips() {
        for (int port : new int[] {1, 5370, 65535}) {
            DataPortRecord record = DataPortRecord.of(port);
            assertEquals(Optional.of(record), DataPortRecord.parse(record.toExtra()));
        }
    }

    @Test
    void readsLaterVersionsAndIgnoresUnknownFields() {
        assertEquals(new DataPortRecord(2, 7000),
                DataPortRecord.parse(bytes("noderpc/2 tls=7001 data=7000 zone=eu-1")).orElseThrow());
    }

    @Test
    void anExtraWithoutThePrefixIsNotANoderpcRecord() {
        assertEquals(Optional.empty(), DataPortRecord.parse((byte[]) null));
        assertEquals(Optional.empty(), DataPortRecord.parse(new byte[0]));
        assertEquals(Optional.empty(), DataPortRecord.parse(bytes("noderpc")));
        assertEquals(Optional.empty(), DataPortRecord.parse(bytes("rabbit data=5370")));
        assertEquals(Optional.empty(), DataPortRecord.parse(new byte[] {0, 1, 2, (byte) 0xff}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"noderpc/", "noderpc/x data=1", "noderpc/0 data=1", "noderpc/1", "noderpc/1 ",
            "noderpc/1 data=", "noderpc/1 data=0", "noderpc/1 data=65536", "noderpc/1 data=-1", "noderpc/1 data=5x",
            "noderpc/1  data=5370", "noderpc/1 data=1 data=2", "noderpc/1 data=1 junk", "noderpc/1 data=1 a==b",
            "noderpc/1 data=99999999999", "noderpc/1 data=5370\n"})
    void refusesMalformedRecords(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataPortRecord.parse(bytes(text)));
        assertTrue(e.getMessage().startsWith("malformed noderpc EPMD record"), e.getMessage());
    }

    @Test
    void refusesOversizedAndNonAsciiRecords() {
        byte[] long_ = bytes("noderpc/1 data=1 pad=" + "x".repeat(1100));
        assertThrows(IllegalArgumentException.class, () -> DataPortRecord.parse(long_));
        byte[] utf8 = "noderpc/1 data=1 zone=é".getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> DataPortRecord.parse(utf8));
    }

    @Test
    void validatesItsFields() {
        assertThrows(IllegalArgumentException.class, () -> new DataPortRecord(0, 1));
        assertThrows(IllegalArgumentException.class, () -> DataPortRecord.of(0));
        assertThrows(IllegalArgumentException.class, () -> DataPortRecord.of(70000));
    }
}
