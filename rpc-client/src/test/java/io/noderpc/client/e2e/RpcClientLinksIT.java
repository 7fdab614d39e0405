package io.noderpc.client.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.RpcClient;
import io.noderpc.client.RpcFuture;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import io.noderpc.server.RpcServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Volume, ordering, large messages, and links coming and going. */
class RpcClientLinksIT extends EndToEndFixture {

    @Test
    void tenThousandCastsAreAllDelivered() {
        RpcClient rpc = client(server());
        for (int i = 0; i < 10_000; i++) {
            castUntilAccepted(() -> rpc.cast(B, "recorder", "hit"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.hits.get() == 10_000);
    }

    /**
     * Beyond maxInFlight + maxQueued (9,216) a cast is refused in the caller, not dropped: slow down, as the error
     * says, and send it again (on a new link the first casts wait for the connection).
     */
    private static void castUntilAccepted(Runnable cast) {
        while (true) {
            try {
                cast.run();
                return;
            } catch (RpcException overloaded) {
                assertTrue(overloaded.getMessage().startsWith("too many requests"), overloaded.getMessage());
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    @Test
    void largeCastsToAPeerThatStoppedReadingAreRefusedByBytesAndNoneAcceptedIsLost() {
        RpcServer server = server(b -> b.options(options().maxInFlightPerConnection(2).build()));
        RpcClient rpc = client(server, b -> b.maxUnsentBytesPerLink(1 << 20));
        byte[] message = new byte[256 * 1024];
        assertEquals(0, (int) rpc.call(B, "recorder", "hits"), "the link is up");
        int accepted = 0;
        RpcException refused = null;
        // the server runs 2 and stops reading; once the sockets' buffers are full, casts wait unwritten here
        try {
            long refusedSince = 0;
            while (accepted < 10_000) {
                try {
                    rpc.cast(B, "recorder", "keep", (Object) message);
                    accepted++;
                    refusedSince = 0;
                } catch (RpcException e) {
                    // a burst beyond the bound is refused too: slow down, as the error says, and try again
                    refused = e;
                    long now = System.nanoTime();
                    if (refusedSince == 0) {
                        refusedSince = now;
                    } else if (now - refusedSince > 500_000_000L) {
                        break; // refused for half a second: nothing is being written any more
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }
        } finally {
            recorder.release.countDown();
        }
        assertTrue(accepted < 10_000, "10,000 casts of 256 KiB accepted into memory: no bound on bytes");
        assertTrue(refused.getMessage().startsWith("too many bytes waiting for b@127.0.0.1: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("(maxUnsentBytesPerLink 1048576)"), refused.getMessage());
        assertTrue(accepted > 4, "more than the bound's worth (3 of these) went: written ones free room: " + accepted);
        int expected = accepted;
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.hits.get() == expected);
        rpc.cast(B, "recorder", "keep", (Object) message); // room again once written
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.hits.get() == expected + 1);
    }

    @Test
    void castsAcceptedBeforeCloseAreWrittenBeforeTheLinkCloses() {
        RpcServer server = server();
        for (int round = 0; round < 3; round++) {
            int before = recorder.hits.get();
            RpcClient rpc = client(server);
            // the first cast waits for the connection; the rest queue behind it; close() comes at once
            for (int i = 0; i < 500; i++) {
                rpc.cast(NodeKey.of(B, "closing-" + round), "recorder", "hit");
            }
            rpc.abcast(List.of(B), "noSuchMailbox", "dropped by the server, written by us");
            rpc.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.hits.get() == before + 500);
            assertThrows(RpcException.class, () -> rpc.cast(B, "recorder", "hit"), "closed: refused at once");
        }
    }

    @Test
    void tenThousandOrderedCastsRunInOrder() {
        RpcClient rpc = client(server());
        NodeKey link = NodeKey.of(B, "ordered");
        for (int i = 0; i < 10_000; i++) {
            int seq = i;
            castUntilAccepted(() -> rpc.orderedCast(link, "recorder", "seq", seq)); // a refused one was not sent
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.sequence.size() == 10_000);
        assertEquals(IntStream.range(0, 10_000).boxed().toList(), List.copyOf(recorder.sequence));
    }

    @Test
    void aSmallCallOvertakesA64MegabyteCallOnTheSameLink() {
        RpcClient rpc = client(server());
        assertEquals(0, (int) rpc.call(B, "math", "mark", 0), "link up");
        math.events.clear();
        RpcFuture<Integer> large = rpc.asyncCall(B, "math", "length", new byte[64 << 20]);
        int small = rpc.call(B, "math", "mark", 1);
        boolean largeDoneWhenSmallReturned = large.isDone();
        assertEquals(1, small);
        assertFalse(largeDoneWhenSmallReturned, "the small call completed while the large one was in flight");
        assertEquals(64 << 20, (int) large.await());
        assertEquals(List.of("mark", "length"), List.copyOf(math.events),
                "the server ran the small call before the large one had fully arrived");
        assertEquals(1, rpc.links().size());
    }

    @Test
    void idleClientLinksGoAwayAndTheNextCallReconnects() {
        RpcServer server = server();
        RpcClient rpc = client(server, b -> b.options(options().clientInactivityTimeout(Duration.ofMillis(300))
                .pingInterval(Duration.ofMillis(100)).build()));
        assertEquals(2, (int) rpc.call(B, "math", "add", 1, 1));
        assertEquals(1, (int) rpc.call(NodeKey.of(B, "k"), "math", "add", 0, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> rpc.links().isEmpty() && server.connections() == 0);
        assertEquals(Set.of(), rpc.nodes());
        assertEquals(3, (int) rpc.call(B, "math", "add", 1, 2), "reconnects transparently");
        assertEquals(1, server.connections());
    }

    @Test
    void aCallOutlastingTheInactivityTimeoutKeepsItsLink() {
        RpcServer server = server(b -> b.options(options().serverInactivityTimeout(Duration.ofMillis(300)).build()));
        RpcClient rpc = client(server, b -> b.options(options().clientInactivityTimeout(Duration.ofMillis(300))
                .build()));
        assertEquals(1500L, (long) rpc.call(B, "math", "sleep", 1500L));
    }

    @Test
    void idleServerAcceptorsGoAwayAndTheClientReconnects() {
        RpcServer server = server(b -> b.options(options().serverInactivityTimeout(Duration.ofMillis(300)).build()));
        RpcClient rpc = client(server, b -> b.options(options().pingInterval(Duration.ofMillis(100)).build()));
        assertEquals(2, (int) rpc.call(B, "math", "add", 1, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connections() == 0 && rpc.nodes().isEmpty());
        assertEquals(Set.of(B_LINK), rpc.links(), "the worker stays, unlinked, until it expires");
        assertEquals(5, (int) rpc.call(B, "math", "add", 2, 3), "pings did not keep the link; a call reconnects");
    }

    @Test
    void nodeDownFailsCallsInFlightAtOnce() {
        RpcClient rpc = client(server());
        RpcFuture<Long> plain = rpc.asyncCall(B, "math", "sleep", 20_000L);
        RpcFuture<Long> keyed = rpc.asyncCall(NodeKey.of(B, "k"), "math", "sleep", 20_000L);
        await().atMost(Duration.ofSeconds(5)).until(() -> rpc.nodes().contains(B) && rpc.links().size() == 2);
        long start = System.nanoTime();
        rpc.nodeDown(B, "no tick for 60 s");
        NodeDownException e = assertThrows(NodeDownException.class, plain::await);
        assertEquals("node b@127.0.0.1 is down: no tick for 60 s", e.getMessage());
        assertInstanceOf(NodeDownException.class, assertThrows(RpcException.class, keyed::await));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000);
        assertEquals(3, (int) rpc.call(B, "math", "add", 1, 2), "the node is tried again afterwards");
    }

    @Test
    void aServerKilledMidCallFailsTheCallerPromptly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dio.netty.leakDetection.level=disabled", ServerMain.class.getName(), "e2e-cookie")
                .redirectErrorStream(true)
                .start();
        try {
            int port = readPort(process);
            try (RpcClient rpc = RpcClient.builder().self(A).cookie(COOKIE).ioThreads(1)
                    .dataPort(B, "127.0.0.1:" + port).build()) {
                assertEquals(3, (int) rpc.call(B, "math", "add", 1, 2));
                RpcFuture<Long> call = rpc.asyncCall(B, "math", "sleep", 60_000L);
                // answered on the same link after it: the sleeping call is on the wire before the kill
                assertEquals(5, (int) rpc.call(B, "math", "add", 2, 3));
                long killedAt = System.nanoTime();
                process.destroyForcibly();
                NodeDownException e = assertThrows(NodeDownException.class,
                        () -> call.await(Duration.ofSeconds(10)));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                assertTrue(millis < 5_000, "failed " + millis + " ms after the kill, not after the 15 s timeout");
                assertTrue(e.getMessage().startsWith("connection to b@127.0.0.1 lost"), e.getMessage());
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int readPort(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("PORT ")) {
                        return Integer.parseInt(line.substring(5).trim());
                    }
                }
                throw new IllegalStateException("the server process ended without a port");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return port.get(60, TimeUnit.SECONDS);
    }
}
