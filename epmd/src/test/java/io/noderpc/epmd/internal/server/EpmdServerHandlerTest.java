package io.noderpc.epmd.internal.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.epmd.internal.EpmdProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.noderpc.epmd.internal.server.ServerChannels.drain;
import static io.noderpc.epmd.internal.server.ServerChannels.exchange;
import static io.noderpc.epmd.testing.EpmdPackets.alive2;
import static io.noderpc.epmd.testing.EpmdPackets.concat;
import static io.noderpc.epmd.testing.EpmdPackets.portPlease2;
import static io.noderpc.epmd.testing.EpmdPackets.simple;
import static io.noderpc.epmd.testing.EpmdPackets.stop;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpmdServerHandlerTest {

    private static final long T0 = 0x6B0249B1L;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private ServerChannels server = new ServerChannels(false, T0);

    @AfterEach
    void closeAll() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel local() {
        EmbeddedChannel ch = server.local();
        channels.add(ch);
        return ch;
    }

    private EmbeddedChannel remote() {
        EmbeddedChannel ch = server.remote();
        channels.add(ch);
        return ch;
    }

    private EmbeddedChannel register(String name, int port, byte[] extra) {
        EmbeddedChannel ch = local();
        byte[] reply = exchange(ch, alive2(name, port, 6, 5, extra));
        assertEquals(EpmdProtocol.ALIVE2_X_RESP, reply[0]);
        assertEquals(0, reply[1]);
        return ch;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void alive2WithVersion6GetsA32BitCreationAndKeepsTheConnection() {
        EmbeddedChannel ch = local();
        assertArrayEquals(bytes(118, 0, 0x6B, 0x02, 0x49, 0xB2), exchange(ch, alive2("foo", 4000, 6, 5, new byte[0])));
        assertTrue(ch.isActive());
        assertTrue(server.registry.isRegistered("foo"));
    }

    @Test
    void alive2WithVersion5GetsA16BitCreationFrom1To3() {
        long counter = T0 + 1;
        assertArrayEquals(bytes(121, 0, 0, (int) (counter % 3 + 1)),
                exchange(local(), alive2("old", 4000, 5, 5, new byte[0])));
    }

    @Test
    void duplicateNameIsRefusedWithCreation99InBothFormsAndTheFirstStays() {
        register("foo", 4000, new byte[0]);
        assertArrayEquals(bytes(118, 1, 0, 0, 0, 99), exchange(local(), alive2("foo", 5000, 6, 5, new byte[0])));
        EmbeddedChannel refused = local();
        assertArrayEquals(bytes(121, 1, 0, 99), exchange(refused, alive2("foo", 5000, 5, 5, new byte[0])));
        assertTrue(refused.isActive(), "OTP keeps a refused ALIVE2 connection open");
        assertEquals(4000, server.registry.lookup("foo").entry().port());
    }

    @Test
    void refusesNamesThatAreNotUtf8OrTooLongAndExtrasTooLong() {
        assertArrayEquals(bytes(118, 1, 0, 0, 0, 99),
                exchange(local(), alive2(new byte[] {(byte) 0xC3, 0x28}, 1, 77, 6, 5, new byte[0])));
        assertArrayEquals(bytes(118, 1, 0, 0, 0, 99),
                exchange(local(), alive2("n".repeat(256), 1, 6, 5, new byte[0])));
        assertArrayEquals(bytes(118, 1, 0, 0, 0, 99),
                exchange(local(), alive2("é".repeat(511), 1, 6, 5, new byte[0])));
        assertArrayEquals(bytes(118, 1, 0, 0, 0, 99),
                exchange(local(), alive2("x", 1, 6, 5, new byte[1021])));
        assertEquals(0, server.registry.size());
    }

    @Test
    void acceptsTheLongestNameAndExtra() {
        register("é".repeat(255), 1, new byte[1020]);
    }

    @Test
    void closingTheConnectionUnregistersAndReRegistrationBumpsTheCreation() {
        EmbeddedChannel ch = register("foo", 4000, new byte[0]);
        ch.close();
        assertFalse(server.registry.isRegistered("foo"));
        assertArrayEquals(bytes(118, 0, 0x6B, 0x02, 0x49, 0xB3), exchange(local(), alive2("foo", 4001, 6, 5, new byte[0])));
    }

    @Test
    void anyByteOnARegisteredConnectionUnregistersAndCloses() {
        EmbeddedChannel ch = register("foo", 4000, new byte[0]);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        assertFalse(ch.isActive());
        assertFalse(server.registry.isRegistered("foo"));
    }

    @Test
    void portPlease2ReturnsTheRegistrationByteExactThenCloses() {
        register("foo", 0x1234, new byte[] {'E', 'X', 0});
        EmbeddedChannel ch = local();
        byte[] expected = concat(bytes(119, 0, 0x12, 0x34, 77, 0, 0, 6, 0, 5, 0, 3), "foo".getBytes(StandardCharsets.UTF_8),
                bytes(0, 3, 'E', 'X', 0));
        assertArrayEquals(expected, exchange(ch, portPlease2("foo")));
        assertFalse(ch.isActive());
    }

    @Test
    void portPlease2ForAnUnknownNameAnswers119And1() {
        EmbeddedChannel ch = local();
        assertArrayEquals(bytes(119, 1), exchange(ch, portPlease2("nobody")));
        assertFalse(ch.isActive());
    }

    @Test
    void portPlease2ReturnsAnEmptyExtraWithItsLength() {
        register("e", 7, new byte[0]);
        byte[] reply = exchange(local(), portPlease2("e"));
        assertEquals(15, reply.length);
        assertArrayEquals(bytes(0, 0), java.util.Arrays.copyOfRange(reply, 13, 15));
    }

    @Test
    void namesListsTheNewestFirstAfterThePortHeader() {
        register("foo", 1234, new byte[0]);
        register("bar", 2345, new byte[0]);
        EmbeddedChannel ch = local();
        byte[] reply = exchange(ch, simple(EpmdProtocol.NAMES_REQ));
        assertArrayEquals(concat(bytes(0, 0, 0x11, 0x11), "name bar at port 2345\nname foo at port 1234\n"
                .getBytes(StandardCharsets.US_ASCII)), reply);
        assertFalse(ch.isActive());
    }

    @Test
    void namesOnAnEmptyTableIsJustThePort() {
        assertArrayEquals(bytes(0, 0, 0x11, 0x11), exchange(local(), simple(EpmdProtocol.NAMES_REQ)));
    }

    @Test
    void dumpListsActiveThenOldNamesEachEndingWithANul() {
        EmbeddedChannel gone = register("gone", 5555, new byte[0]);
        gone.close();
        register("foo", 1234, new byte[0]);
        String text = new String(exchange(local(), simple(EpmdProtocol.DUMP_REQ)), StandardCharsets.US_ASCII).substring(4);
        assertTrue(text.matches("active name     <foo> at port 1234, fd = \\d+\n\0"
                + "old/unused name <gone>, port = 5555, fd = \\d+ \n\0"), text);
    }

    @Test
    void killWithLiveNodesAnswersNoUnlessRelaxed() {
        register("foo", 1, new byte[0]);
        assertArrayEquals("NO".getBytes(StandardCharsets.US_ASCII), exchange(local(), simple(EpmdProtocol.KILL_REQ)));
        assertEquals(0, server.kills.get());

        server = new ServerChannels(true, T0);
        register("foo", 1, new byte[0]);
        assertArrayEquals("OK".getBytes(StandardCharsets.US_ASCII), exchange(local(), simple(EpmdProtocol.KILL_REQ)));
        assertEquals(1, server.kills.get());
    }

    @Test
    void killWithoutNodesAnswersOk() {
        assertArrayEquals("OK".getBytes(StandardCharsets.US_ASCII), exchange(local(), simple(EpmdProtocol.KILL_REQ)));
        assertEquals(1, server.kills.get());
    }

    @Test
    void stopIsClosedWithoutReplyUnlessRelaxed() {
        register("foo", 1, new byte[0]);
        EmbeddedChannel ch = local();
        assertArrayEquals(new byte[0], exchange(ch, stop("foo")));
        assertFalse(ch.isActive());
        assertTrue(server.registry.isRegistered("foo"));
    }

    @Test
    void relaxedStopUnregistersAndClosesTheNodesConnection() {
        server = new ServerChannels(true, T0);
        EmbeddedChannel node = register("foo", 1, new byte[0]);
        assertArrayEquals("STOPPED".getBytes(StandardCharsets.US_ASCII), exchange(local(), stop("foo")));
        node.runPendingTasks();
        assertFalse(node.isActive());
        assertFalse(server.registry.isRegistered("foo"));
        assertArrayEquals("NOEXISTSTOPPED".getBytes(StandardCharsets.US_ASCII), exchange(local(), stop("foo")));
    }

    @Test
    void restrictedRequestsFromRemotePeersAreClosedWithoutReply() {
        server = new ServerChannels(true, T0);
        register("foo", 1, new byte[0]);
        for (byte[] request : List.of(alive2("bar", 1, 6, 5, new byte[0]), simple(EpmdProtocol.DUMP_REQ),
                simple(EpmdProtocol.KILL_REQ), stop("foo"))) {
            EmbeddedChannel ch = remote();
            assertArrayEquals(new byte[0], exchange(ch, request));
            assertFalse(ch.isActive());
        }
        assertTrue(server.registry.isRegistered("foo"));
        assertFalse(server.registry.isRegistered("bar"));
        assertEquals(0, server.kills.get());
    }

    @Test
    void lookupsAndNamesAreAnsweredForRemotePeers() {
        register("foo", 0x1234, new byte[0]);
        assertEquals(119, exchange(remote(), portPlease2("foo"))[0]);
        assertEquals(4 + "name foo at port 4660\n".length(), exchange(remote(), simple(EpmdProtocol.NAMES_REQ)).length);
    }

    @Test
    void malformedRequestsCloseWithoutReplyAndDoNotDisturbOthers() {
        EmbeddedChannel node = register("foo", 1, new byte[0]);
        for (byte[] bad : List.of(bytes(0, 0), bytes(0x0B, 0xF4), concat(portPlease2("foo"), portPlease2("foo")),
                simple((byte) 'q'), portPlease2(""))) {
            EmbeddedChannel ch = local();
            ch.writeInbound(Unpooled.wrappedBuffer(bad));
            assertArrayEquals(new byte[0], drain(ch));
            assertFalse(ch.isActive());
        }
        assertTrue(node.isActive());
        assertTrue(server.registry.isRegistered("foo"));
    }

    @Test
    void silentConnectionsCloseAfterThePacketTimeoutButRegistrationsStay() {
        EmbeddedChannel idle = local();
        idle.freezeTime();
        EmbeddedChannel partial = local();
        partial.freezeTime();
        partial.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        EmbeddedChannel node = register("foo", 1, new byte[0]);
        node.freezeTime();
        for (EmbeddedChannel ch : List.of(idle, partial, node)) {
            ch.advanceTimeBy(61, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertFalse(idle.isActive());
        assertFalse(partial.isActive());
        assertTrue(node.isActive());
        assertTrue(server.registry.isRegistered("foo"));
    }

    @Test
    void connectionsBeyondTheBoundAreClosedAtOnce() {
        server = new ServerChannels(false, T0, 2);
        EmbeddedChannel a = local();
        EmbeddedChannel b = local();
        EmbeddedChannel c = local();
        assertTrue(a.isActive());
        assertTrue(b.isActive());
        assertFalse(c.isActive());
    }
}
