package io.noderpc.epmd;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.noderpc.epmd.testing.FakeEpmd;
import io.noderpc.testkit.FreePorts;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the client fails against nothing, a silent peer and a peer that is not EPMD, on real sockets. */
class EpmdClientFailureIT {

    @Test
    void connectingToAClosedPortFailsPromptlyOnBothLoopbacks() throws Exception {
        int port = FreePorts.next();
        try (EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().port(port).build())) {
            long start = System.nanoTime();

            EpmdConnectException e = assertThrows(EpmdConnectException.class, client::names);
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> client.registerAsync(EpmdEntry.of("x", 1)).get(5, TimeUnit.SECONDS));

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2_000, "took " + millis + " ms");
            assertTrue(e.getMessage().startsWith("cannot connect to epmd at [::1]:" + port + " or 127.0.0.1:" + port),
                    e.getMessage());
            assertInstanceOf(EpmdConnectException.class, async.getCause());
        }
    }

    @Test
    void aSilentPeerTimesOutEveryKindOfRequest() throws Exception {
        try (FakeEpmd silent = FakeEpmd.start(request -> new byte[0], false);
             EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1")
                     .port(silent.port()).requestTimeout(Duration.ofMillis(300)).build())) {

            EpmdTimeoutException names = assertThrows(EpmdTimeoutException.class, client::names);
            EpmdTimeoutException register = assertThrows(EpmdTimeoutException.class,
                    () -> client.register(EpmdEntry.of("x", 1)));

            assertTrue(names.getMessage().contains("NAMES_REQ from epmd at 127.0.0.1:" + silent.port()
                    + " within 300 ms"), names.getMessage());
            assertTrue(register.getMessage().contains("ALIVE2_REQ for 'x'"), register.getMessage());
        }
    }

    @Test
    void aPeerThatIsNotEpmdIsAProtocolError() throws Exception {
        byte[] http = "HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (FakeEpmd web = FakeEpmd.start(request -> http, true);
             EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1")
                     .port(web.port()).build())) {

            EpmdProtocolException lookup = assertThrows(EpmdProtocolException.class, () -> client.lookup("x"));
            EpmdProtocolException register = assertThrows(EpmdProtocolException.class,
                    () -> client.register(EpmdEntry.of("x", 1)));

            assertTrue(lookup.getMessage().contains("reply tag 72 is not PORT2_RESP"), lookup.getMessage());
            assertTrue(register.getMessage().contains("reply tag 72"), register.getMessage());
        }
    }

    @Test
    void aReplyOverTheBoundIsRefused() throws Exception {
        try (FakeEpmd flood = FakeEpmd.start(request -> new byte[10_000], true);
             EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1")
                     .port(flood.port()).maxReplyBytes(EpmdClientOptions.MIN_MAX_REPLY_BYTES).build())) {

            EpmdProtocolException e = assertThrows(EpmdProtocolException.class, client::names);

            assertTrue(e.getMessage().contains("longer than 2054 bytes"), e.getMessage());
        }
    }

    @Test
    void anExternalGroupIsUsedAndLeftRunning() throws Exception {
        byte[] reply = concat(new byte[] {0, 0, 0x11, 0x11}, "name x at port 1\n".getBytes(StandardCharsets.US_ASCII));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (FakeEpmd fake = FakeEpmd.start(request -> request[0] == 'n' ? reply : new byte[0], true)) {
            EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1").port(fake.port())
                    .eventLoopGroup(group).build());

            assertEquals(List.of(new EpmdNames.Node("x", 1)), client.names().nodes());
            client.close();

            assertFalse(group.isShuttingDown(), "the caller's group is the caller's to shut down");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
