package io.noderpc.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.core.RpcOptions;
import io.noderpc.core.frame.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Flooding clients are held back by the in-flight bounds; idle links are closed. */
class RpcServerBoundsIT extends ServerFixture {

    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /** A service whose function waits for {@link #open}, recording how many run at once. */
    private RpcServer gatedServer(RpcServerBuilder builder) {
        RpcServer server = start(builder);
        server.services().register(Service.builder("gate").function("pass", 1, a -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                open.await();
            } finally {
                running.decrementAndGet();
            }
            return ((String) a[0]).length();
        }).build());
        return server;
    }

    private static RpcOptions perLink(int max) {
        return RpcOptions.builder(new Properties()).maxInFlightPerConnection(max).build();
    }

    @Test
    void aFloodingClientIsHeldAtTheLinkBoundAndTheRestWaitsInItsSocket() throws Exception {
        RpcServer server = gatedServer(server().options(perLink(8)));
        RawLinkClient client = client(server);
        String payload = "x".repeat(4096);
        int calls = 5000; // about 20 MB: more than the socket buffers hold
        for (int i = 0; i < calls; i++) {
            client.write(client.callFrame(i, "gate", "pass", payload));
            if (i % 64 == 0) {
                client.flush();
            }
        }
        client.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 8);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> server.inFlight() <= 8 && peak.get() <= 8);
        assertTrue(!client.channel().isWritable(), "the flood waits on the client side, not in the server");
        open.countDown();
        Map<Long, Object> replies = client.replies(calls);
        assertEquals(calls, replies.size());
        assertEquals(4096, replies.get(4999L));
        assertEquals(8, peak.get());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.inFlight() == 0);
    }

    @Test
    void theServerBoundHoldsAcrossClients() throws Exception {
        RpcServer server = gatedServer(server().maxInFlightPerServer(4));
        List<RawLinkClient> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            RawLinkClient client = client(server);
            clients.add(client);
            for (int i = 0; i < 200; i++) {
                client.write(client.callFrame(i, "gate", "pass", "abc"));
            }
            client.flush();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 4);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> server.inFlight() <= 4 && peak.get() <= 4);
        open.countDown();
        for (RawLinkClient client : clients) {
            assertEquals(200, client.replies(200).size());
        }
        assertEquals(4, peak.get());
    }

    @Test
    void anIdleLinkIsClosedEvenWhileItPings() throws Exception {
        RpcOptions options = RpcOptions.builder(new Properties())
                .serverInactivityTimeout(Duration.ofMillis(300)).build();
        RpcServer server = gatedServer(server().options(options));
        long start = System.nanoTime(); // before the handshake, which starts the server's idle clock
        RawLinkClient client = client(server);
        AtomicInteger pings = new AtomicInteger();
        client.channel().eventLoop().scheduleAtFixedRate(
                () -> client.send(Frame.ping(pings.incrementAndGet())), 0, 50, TimeUnit.MILLISECONDS);
        assertTrue(client.awaitClosed());
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsed >= 250, "closed after " + elapsed + " ms");
        assertTrue(pings.get() >= 3);
        assertTrue(client.received.size() >= 1, "pings were answered meanwhile");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connections() == 0);
    }

    @Test
    void gracefulCloseStopsAcceptingAndDrainsTheCallInFlight() throws Exception {
        RpcServer server = gatedServer(server());
        int port = server.port();
        RawLinkClient client = client(server);
        client.call(1, "gate", "pass", "drained");
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);

        AtomicBoolean closed = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            server.close();
            closed.set(true);
        });
        closer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.isRunning() && !accepts(port));
        assertTrue(client.channel().isActive(), "the link stays open while its call runs");
        assertTrue(!closed.get());

        open.countDown();
        assertEquals(7, client.reply(1));
        closer.join(10_000);
        assertTrue(closed.get());
        assertTrue(client.awaitClosed());
    }

    @Test
    void aDrainTimeoutBoundsTheWaitAndCloseNowAborts() throws Exception {
        RpcServer server = gatedServer(server().drainTimeout(Duration.ofMillis(200)));
        RawLinkClient client = client(server);
        client.call(1, "gate", "pass", "never");
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
        long start = System.nanoTime();
        server.close();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= 150 && took < 5000, "close took " + took + " ms");
        assertTrue(client.awaitClosed());
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 0); // the worker was interrupted
        assertTrue(client.received.isEmpty(), "no answer after abandoning");
    }

    private static boolean accepts(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
