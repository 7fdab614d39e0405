package io.noderpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.DataPortRecord;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nodes over loopback, registered in an in-process EPMD on a free port. */
class NodeIT {

    /** A service for the tests. */
    public static final class MathService {
        public int add(int a, int b) {
            return a + b;
        }
    }

    private EpmdServer epmd;
    private EpmdClient epmdClient;

    @BeforeEach
    void startEpmd() {
        epmd = EpmdServer.builder().port(FreePorts.next()).address("127.0.0.1").build().start();
        epmdClient = client(epmd.port());
    }

    @AfterEach
    void stopEpmd() {
        epmdClient.close();
        epmd.close();
    }

    private static EpmdClient client(int port) {
        return EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1").port(port).build());
    }

    private static Node.Builder node(String name, int epmdPort) {
        return Node.builder().name(name).cookie("it-cookie").epmdPort(epmdPort).bindInterface("127.0.0.1");
    }

    @Test
    void twoNodesFindEachOtherThroughEpmd() {
        try (Node a = node("a@127.0.0.1", epmd.port()).build().start();
             Node b = node("b@127.0.0.1", epmd.port()).build().start()) {
            b.services().register("math", new MathService());
            int sum = a.rpc().call("b@127.0.0.1", "math", "add", 1, 2);
            assertEquals(3, sum);

            EpmdEntry entry = epmdClient.lookup("b").orElseThrow();
            assertEquals(b.distPort(), entry.port());
            assertEquals(Optional.of(DataPortRecord.of(b.dataPort())), DataPortRecord.parse(entry.extra()));
            assertTrue(a.rpc().toString() != null);
        }
    }

    @Test
    void aSecondNodeWithTheSameNameFailsAndLeavesNothingBound() throws IOException {
        try (Node first = node("twin@127.0.0.1", epmd.port()).build().start()) {
            int dist = FreePorts.next();
            int data = FreePorts.next();
            Node second = node("twin@127.0.0.1", epmd.port()).distPort(dist).dataPort(data).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
            assertEquals("the name twin is already registered in epmd at 127.0.0.1:" + epmd.port()
                    + " (another node runs as twin@127.0.0.1)", e.getMessage());
            assertFalse(second.isRunning());
            assertFree(dist);
            assertFree(data);
            assertEquals(first.distPort(), epmdClient.lookup("twin").orElseThrow().port());
        }
    }

    @Test
    void aDistPortRangeWithEveryPortTakenFailsClearly() throws IOException {
        int base = FreePorts.next();
        List<ServerSocket> taken = new ArrayList<>();
        try {
            for (int p = base; p <= base + 2 && p <= 65535; p++) {
                try {
                    taken.add(new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1")));
                } catch (IOException alreadyTaken) {
                    // taken by someone else: just as good
                }
            }
            int max = Math.min(base + 2, 65535);
            int data = FreePorts.next();
            Node node = node("full@127.0.0.1", epmd.port()).distPorts(base, max).dataPort(data).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, node::start);
            assertTrue(e.getMessage().startsWith("node full@127.0.0.1: no free port for the distribution listener in"
                    + " 127.0.0.1:" + base + ".." + max), e.getMessage());
            assertTrue(e.getMessage().contains("all taken"), e.getMessage());
            assertFree(data);
            assertTrue(epmdClient.lookup("full").isEmpty());
        } finally {
            for (ServerSocket s : taken) {
                s.close();
            }
        }
    }

    @Test
    void theFirstFreePortOfTheRangeIsTaken() throws IOException {
        int base = FreePorts.next();
        try (ServerSocket blocker = new ServerSocket(base, 1, InetAddress.getByName("127.0.0.1"))) {
            int max = Math.min(base + 20, 65535);
            try (Node node = node("ranged@127.0.0.1", epmd.port()).distPorts(base, max).build().start()) {
                assertTrue(node.distPort() > base && node.distPort() <= max, "dist port " + node.distPort());
                assertEquals(node.distPort(), epmdClient.lookup("ranged").orElseThrow().port());
            }
        }
    }

    @Test
    void anEmbeddedEpmdStartsWhenNoneAnswersAndIsReused() {
        int port = FreePorts.next();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> node("lonely@127.0.0.1", port).build().start());
        assertTrue(refused.getMessage().contains("no epmd answers at 127.0.0.1:" + port), refused.getMessage());

        try (EpmdClient local = client(port)) {
            try (Node a = node("ea@127.0.0.1", port).embeddedEpmd(true).build().start()) {
                assertTrue(a.runsEmbeddedEpmd());
                try (Node b = node("eb@127.0.0.1", port).embeddedEpmd(true).build().start()) {
                    assertFalse(b.runsEmbeddedEpmd());
                    String names = local.names().toString();
                    assertTrue(local.lookup("ea").isPresent(), names);
                    assertTrue(local.lookup("eb").isPresent(), names);
                    b.services().register("math", new MathService());
                    int sum = a.rpc().call("eb@127.0.0.1", "math", "add", 20, 22);
                    assertEquals(42, sum);
                }
            }
            assertThrows(RuntimeException.class, () -> local.lookup("ea"));
        }
    }

    @Test
    void closeRemovesTheNameFromEpmd() throws InterruptedException {
        Node node = node("gone@127.0.0.1", epmd.port()).build().start();
        assertTrue(epmdClient.lookup("gone").isPresent());
        node.close();
        assertFalse(node.isRunning());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (epmdClient.lookup("gone").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(epmdClient.lookup("gone").isEmpty());
        node.close(); // idempotent
    }

    private static void assertFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, s.getLocalPort());
        }
    }
}
