package io.noderpc.epmd;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class EpmdRepliesTest {

    @Test
    void dumpEntriesSplitAtNul() {
        EpmdDump dump = new EpmdDump(4369, "a\0\0b\n\0c".getBytes(StandardCharsets.US_ASCII));

        assertEquals(List.of("a", "b\n", "c"), dump.entries());
    }

    @Test
    void repliesCopyTheirBytes() {
        byte[] raw = "STOPPED".getBytes(StandardCharsets.US_ASCII);
        EpmdStopReply reply = new EpmdStopReply(EpmdStopReply.Outcome.STOPPED, raw);
        raw[0] = 'X';
        reply.raw()[1] = 'X';

        assertArrayEquals("STOPPED".getBytes(StandardCharsets.US_ASCII), reply.raw());
        assertEquals(new EpmdStopReply(EpmdStopReply.Outcome.STOPPED, "STOPPED".getBytes(StandardCharsets.US_ASCII)),
                reply);
    }

    @Test
    void namesEqualityComparesRawBytes() {
        EpmdNames a = new EpmdNames(1, List.of(), new byte[] {1});
        EpmdNames b = new EpmdNames(1, List.of(), new byte[] {1});
        EpmdNames c = new EpmdNames(1, List.of(), new byte[] {2});

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
    }
}
