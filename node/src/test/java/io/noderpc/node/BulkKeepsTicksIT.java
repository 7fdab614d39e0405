package io.noderpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.RpcFuture;
import io.noderpc.core.NodeName;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.server.Service;
import io.noderpc.testkit.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Bulk data on the data channel never delays the distribution channel's ticks: with a tick time of 2 s, 1 GiB moves
 * between two nodes and no node goes down.
 */
class BulkKeepsTicksIT {

    private static final int CHUNK = 8 * 1024 * 1024;
    private static final long TOTAL = 1L << 30;
    private static final int IN_FLIGHT = 4;

    /** Receives bulk. */
    public static final class Sink {
        public int size(byte[] data) {
            return data.length;
        }
    }

    @Test
    void oneGibibyteOnTheDataChannelCausesNoNodeDown() {
        try (EpmdServer epmd = EpmdServer.builder().port(FreePorts.next()).address("127.0.0.1").build().start();
             Node a = node("bulka", epmd.port()); Node b = node("bulkb", epmd.port())) {
            b.services().register(Service.of("sink", new Sink()));
            List<NodeEvent> events = new CopyOnWriteArrayList<>();
            a.monitorNodes(events::add);
            b.monitorNodes(events::add);
            a.connect(b.name());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
            events.clear();

            byte[] payload = new byte[CHUNK];
            List<RpcFuture<Integer>> window = new ArrayList<>();
            long sent = 0;
            long started = System.nanoTime();
            while (sent < TOTAL) {
                if (window.size() == IN_FLIGHT) {
                    assertEquals(CHUNK, window.remove(0).await());
                }
                window.add(a.rpc().withTimeout(Duration.ofSeconds(60)).asyncCall(b.name(), "sink", "size", payload));
                sent += CHUNK;
            }
            for (RpcFuture<Integer> f : window) {
                assertEquals(CHUNK, f.await());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("moved %d MiB in %.1f s (%.0f MiB/s) with ticktime 2 s%n", TOTAL >> 20, seconds,
                    (TOTAL >> 20) / seconds);
            assertTrue(events.isEmpty(), "no node went down or came up: " + events);
            assertEquals(Set.of(b.name()), a.nodes());
            assertEquals(Set.<NodeName>of(a.name()), b.nodes());
        }
    }

    private static Node node(String alive, int epmdPort) {
        return Node.builder().name(alive + "@127.0.0.1").cookie("bulk").epmdPort(epmdPort).bindInterface("127.0.0.1")
                .tickTime(Duration.ofSeconds(2)).build().start();
    }
}
