package io.noderpc.bench.epmd;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The requests byte for byte, as reference/epmd-protocol.md §2 lays them out. */
class EpmdWireTest {

    @Test
    void portPlease2IsLengthTagAndName() {
        assertArrayEquals(new byte[] {0, 4, 122, 'f', 'o', 'o'}, EpmdWire.portPlease2Request("foo"));
    }

    @Test
    void alive2IsWhatAnOtp25NodeSends() {
        byte[] extra = "EX\0".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(new byte[] {
                0, 19,                  // length: 13 + 3 + 3
                120,                    // ALIVE2_REQ
                (byte) 0x9c, 0x40,      // port 40000
                77, 0,                  // node type 'M', protocol tcp
                0, 6, 0, 5,             // highest 6, lowest 5
                0, 3, 'f', 'o', 'o',    // name
                0, 3, 'E', 'X', 0},     // extra
                EpmdWire.alive2Request("foo", 40000, extra));
    }
}
