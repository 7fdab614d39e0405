package io.noderpc.epmd.internal.client;

import io.noderpc.epmd.EpmdEntry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestEncoderTest {

    @Test
    void alive2HasOtpLayout() {
        EpmdEntry entry = new EpmdEntry("foo", 0x1234, 77, 0, 6, 5, new byte[] {'E', 0, 'X'});

        byte[] request = RequestEncoder.alive2(entry);

        assertArrayEquals(new byte[] {
                0, 19,               // Length = 13 + 3 + 3
                120,                 // ALIVE2_REQ
                0x12, 0x34,          // PortNo
                77, 0,               // NodeType, Protocol
                0, 6, 0, 5,          // High, Low
                0, 3, 'f', 'o', 'o', // Nlen, Name
                0, 3, 'E', 0, 'X'},  // Elen, Extra
                request);
    }

    @Test
    void alive2AcceptsTheLongestName() {
        String name = "\uD83D\uDE00".repeat(255); // 255 characters of 4 UTF-8 bytes = 1020 bytes

        byte[] request = RequestEncoder.alive2(EpmdEntry.of(name, 1));

        assertEquals(2 + 13 + 1020, request.length);
    }

    @Test
    void alive2RefusesBadNamesAndExtraBeforeAnyIo() {
        assertMessage("node name must not be empty", () -> RequestEncoder.alive2(EpmdEntry.of("", 1)));
        assertMessage("must not contain NUL", () -> RequestEncoder.alive2(EpmdEntry.of("fo\0o", 1)));
        assertMessage("at most 255 characters, got 256", () -> RequestEncoder.alive2(EpmdEntry.of("a".repeat(256), 1)));
        assertMessage("unpaired surrogate", () -> RequestEncoder.alive2(EpmdEntry.of("a\uD800b", 1)));
        assertMessage("extra must be at most 1020 bytes, got 1021",
                () -> RequestEncoder.alive2(EpmdEntry.of("foo", 1).withExtra(new byte[1021])));
    }

    @Test
    void portPlease2CarriesTheNameWithoutNul() {
        assertArrayEquals(new byte[] {0, 4, 122, 'f', 'o', 'o'}, RequestEncoder.portPlease2("foo"));
        byte[] utf8 = RequestEncoder.portPlease2("ñ");
        assertArrayEquals(new byte[] {0, 3, 122, (byte) 0xC3, (byte) 0xB1}, utf8);
        assertMessage("must not be empty", () -> RequestEncoder.portPlease2(""));
        assertMessage("must not be null", () -> RequestEncoder.portPlease2(null));
        assertMessage("must not contain NUL", () -> RequestEncoder.portPlease2("x\0"));
    }

    @Test
    void adminRequestsAreOneByte() {
        assertArrayEquals(new byte[] {0, 1, 110}, RequestEncoder.names());
        assertArrayEquals(new byte[] {0, 1, 100}, RequestEncoder.dump());
        assertArrayEquals(new byte[] {0, 1, 107}, RequestEncoder.kill());
    }

    @Test
    void stopSendsTheNameAsOtpDoesAndAllowsUnregistrableNames() {
        assertArrayEquals(new byte[] {0, 4, 115, 'f', 'o', 'o'}, RequestEncoder.stop("foo"));
        byte[] longName = RequestEncoder.stop("n".repeat(3056));
        assertEquals(3 + 3056, longName.length);
        assertMessage("at most 3056 bytes", () -> RequestEncoder.stop("n".repeat(3057)));
        assertMessage("must not be empty", () -> RequestEncoder.stop(""));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
