package io.noderpc.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.RpcFuture;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdRegistration;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.testkit.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The distribution channel between nodes in one JVM, over loopback, with an in-process EPMD on a free port. */
class DistChannelIT {

    /** The test service. */
    public static final class Svc {
        private final CountDownLatch release = new CountDownLatch(1);

        public String echo(String s) {
            return s;
        }

        public byte[] bytes(byte[] in) {
            return in;
        }

        public int size(byte[] in) {
            return in.length;
        }

        public String block() throws InterruptedException {
            release.await(30, TimeUnit.SECONDS);
            return "released";
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private EpmdServer epmd;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startEpmd() {
        epmd = EpmdServer.builder().port(FreePorts.next()).address("127.0.0.1").build().start();
    }

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
        epmd.close();
    }

    private Node.Builder builder(String alive) {
        return Node.builder().name(alive + "@127.0.0.1").cookie("dist-it").epmdPort(epmd.port())
                .bindInterface("127.0.0.1");
    }

    private Node start(Node.Builder builder) {
        Node node = builder.build().start();
        nodes.add(node);
        node.services().register(io.noderpc.server.Service.of("svc", new Svc()));
        return node;
    }

    private Node start(String alive) {
        return start(builder(alive));
    }

    private static NodeName n(String alive) {
        return NodeName.of(alive + "@127.0.0.1");
    }

    @Test
    void connectBringsBothSidesUpAndMonitorsHearIt() throws Exception {
        Node a = start("a");
        Node b = start("b");
        BlockingQueue<NodeEvent> aEvents = new ArrayBlockingQueue<>(16);
        BlockingQueue<NodeEvent> bEvents = new ArrayBlockingQueue<>(16);
        a.monitorNodes(aEvents::add);
        b.monitorNodes(bEvents::add);

        a.connect("b@127.0.0.1");

        assertEquals(NodeEvent.up(n("b"), false), aEvents.poll(10, TimeUnit.SECONDS));
        assertEquals(NodeEvent.up(n("a"), false), bEvents.poll(10, TimeUnit.SECONDS));
        assertEquals(Set.of(n("b")), a.nodes());
        assertEquals(Set.of(n("a")), b.nodes());
        assertTrue(a.ping("b@127.0.0.1"));
        assertTrue(a.ping("a@127.0.0.1"), "a node answers pong to itself");

        assertTrue(a.disconnect("b@127.0.0.1"));
        assertEquals(NodeEvent.down(n("b"), false, NodeEvent.DISCONNECT), aEvents.poll(10, TimeUnit.SECONDS));
        assertEquals(NodeEvent.down(n("a"), false, NodeEvent.CONNECTION_CLOSED), bEvents.poll(10, TimeUnit.SECONDS));
        assertEquals(Set.of(), a.nodes());
        assertFalse(a.disconnect("b@127.0.0.1"));
    }

    @Test
    void aDataChannelCallConnectsTheDistributionChannelFirst() {
        Node a = start("a");
        Node b = start("b");
        assertEquals("hi", a.rpc().call("b@127.0.0.1", "svc", "echo", "hi"));
        assertEquals(Set.of(n("b")), a.nodes());
        await().atMost(WAIT).until(() -> b.nodes().equals(Set.of(n("a"))));
    }

    @Test
    void withoutAutoConnectOnlyConnectDoes() {
        Node a = start(builder("a").autoConnect(false));
        Node b = start("b");
        assertEquals("hi", a.rpc().call("b@127.0.0.1", "svc", "echo", "hi"));
        assertEquals(Set.of(), a.nodes(), "the data call did not connect the distribution channel");
        RpcException e = assertThrows(RpcException.class,
                () -> a.distRpc().call("b@127.0.0.1", "svc", "echo", "x"));
        assertInstanceOf(NodeDownException.class, e, e.toString());
        a.connect("b@127.0.0.1");
        assertEquals("x", a.distRpc().call("b@127.0.0.1", "svc", "echo", "x"));
        assertEquals(Set.of(n("a")), b.nodes());
    }

    @Test
    void nodesFormAFullMeshUnlessConnectAllIsOff() {
        Node a = start("a");
        Node b = start("b");
        Node c = start("c");
        Node d = start(builder("d").connectAll(false));
        a.connect("b@127.0.0.1");
        c.connect("a@127.0.0.1");
        await().atMost(WAIT).until(() -> c.nodes().equals(Set.of(n("a"), n("b"))));
        await().atMost(WAIT).until(() -> b.nodes().equals(Set.of(n("a"), n("c"))));

        d.connect("a@127.0.0.1");
        await().atMost(WAIT).until(() -> a.nodes().contains(n("d")));
        // a join would come after the introduction, asynchronously: d must stay apart for a while
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> d.nodes().equals(Set.of(n("a"))));
    }

    @Test
    void hiddenNodesStayOutOfTheMeshAndOutOfPlainMonitors() throws Exception {
        Node a = start("a");
        Node b = start("b");
        a.connect("b@127.0.0.1");
        BlockingQueue<NodeEvent> visibleOnly = new ArrayBlockingQueue<>(16);
        BlockingQueue<NodeEvent> all = new ArrayBlockingQueue<>(16);
        a.monitorNodes(visibleOnly::add);
        a.monitorNodes(all::add, true);

        Node h = start(builder("h").hidden(true));
        h.connect("a@127.0.0.1");
        assertEquals(NodeEvent.up(n("h"), true), all.poll(10, TimeUnit.SECONDS));
        assertEquals(Set.of(n("h")), a.hiddenNodes());
        assertEquals(Set.of(n("b")), a.nodes());
        assertEquals(Set.of(), h.nodes(), "to a hidden node, every peer is hidden");
        assertEquals(Set.of(n("a")), h.hiddenNodes());
        assertEquals("via-hidden", h.rpc().call("a@127.0.0.1", "svc", "echo", "via-hidden"));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !b.hiddenNodes().contains(n("h"))
                && !b.nodes().contains(n("h"))); // a hidden node is not introduced to the mesh
        assertTrue(visibleOnly.isEmpty(), visibleOnly.toString());
    }

    @Test
    void sendDeliversToTheMailboxOverTheDistributionChannel() throws Exception {
        Node a = start("a");
        Node b = start("b");
        BlockingQueue<Object> inbox = new ArrayBlockingQueue<>(16);
        b.mailboxes().register("inbox", inbox::add);
        assertTrue(a.send("b@127.0.0.1", "inbox", "one"));
        assertTrue(a.send("b@127.0.0.1", "inbox", "two"));
        assertEquals("one", inbox.poll(10, TimeUnit.SECONDS));
        assertEquals("two", inbox.poll(10, TimeUnit.SECONDS));
        assertFalse(a.send("nobody@127.0.0.1", "inbox", "lost"), "an unknown node cannot be reached");
        assertThrows(IllegalArgumentException.class, () -> a.send("b@127.0.0.1", "net_kernel", "x"));
    }

    @Test
    void distRpcServesCallsBothWaysIncludingChunkedOnes() throws Exception {
        Node a = start("a");
        Node b = start("b");
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        RpcFuture<byte[]> ab = a.distRpc().asyncCall("b@127.0.0.1", "svc", "bytes", big);
        RpcFuture<byte[]> ba = b.distRpc().asyncCall("a@127.0.0.1", "svc", "bytes", big);
        assertArrayEquals(big, ab.await());
        assertArrayEquals(big, ba.await());
        assertEquals("small", a.distRpc().call("b@127.0.0.1", "svc", "echo", "small"));
        assertEquals(Set.of(n("b")), a.nodes(), "one distribution connection, no data link needed");
    }

    @Test
    void callsInFlightFailWithNodeDownWhenTheConnectionGoes() {
        Node a = start("a");
        Node b = start("b");
        RpcFuture<String> data = a.rpc().asyncCall("b@127.0.0.1", "svc", "block");
        RpcFuture<String> overDist = a.distRpc().asyncCall("b@127.0.0.1", "svc", "block");
        await().atMost(WAIT).until(() -> a.nodes().contains(n("b")));
        long start = System.nanoTime();
        a.disconnect("b@127.0.0.1");
        NodeDownException e1 = assertThrows(NodeDownException.class, data::await);
        assertThrows(RpcException.class, overDist::await);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "failed at once, not at the timeout");
        assertTrue(e1.getMessage().contains("b@127.0.0.1"), e1.getMessage());
    }

    @Test
    void perPeerCookiesWorkBothWays() {
        Node a = start(builder("a").cookie("cookie-a"));
        Node b = start(builder("b").cookie("cookie-b"));
        RpcException refused = assertThrows(RpcException.class, () -> a.connect("b@127.0.0.1"));
        assertInstanceOf(AuthenticationFailedException.class, refused, refused.toString());

        a.setCookie("b@127.0.0.1", "cookie-b");
        a.connect("b@127.0.0.1");
        assertEquals("x", a.rpc().call("b@127.0.0.1", "svc", "echo", "x"));
        assertEquals("y", b.rpc().call("a@127.0.0.1", "svc", "echo", "y"), "a accepts b with b's cookie");
    }

    @Test
    void aNameWithoutTheNoderpcRecordIsNotANoderpcNode() {
        Node a = start("a");
        try (EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1").port(epmd.port())
                .build());
             EpmdRegistration plain = client.register(EpmdEntry.of("plain", FreePorts.next()))) {
            RpcException e = assertThrows(RpcException.class, () -> a.connect("plain@127.0.0.1"));
            assertInstanceOf(BadNodeException.class, e);
            assertTrue(e.getMessage().contains("not a noderpc node"), e.getMessage());
            assertFalse(a.ping("plain@127.0.0.1"));
        }
    }

    @Test
    void monitorNodeFiresOnceOnDownAndAtOnceForAnUnreachableNode() throws Exception {
        Node a = start("a");
        Node b = start("b");
        BlockingQueue<NodeEvent> events = new ArrayBlockingQueue<>(4);
        a.monitorNode("b@127.0.0.1", events::add);
        await().atMost(WAIT).until(() -> a.nodes().contains(n("b")));
        b.close();
        NodeEvent down = events.poll(10, TimeUnit.SECONDS);
        assertEquals(NodeEvent.Type.DOWN, down.type());
        assertEquals(n("b"), down.node());

        a.monitorNode("ghost@127.0.0.1", events::add);
        NodeEvent ghost = events.poll(10, TimeUnit.SECONDS);
        assertEquals(NodeEvent.Type.DOWN, ghost.type());
        assertTrue(ghost.reason().startsWith("connect_failed: "), ghost.reason());
    }

    @Test
    void simultaneousConnectsSettleOnOneConnection() throws Exception {
        for (int round = 0; round < 5; round++) {
            Node a = start("a" + round);
            Node b = start("b" + round);
            BlockingQueue<NodeEvent> events = new ArrayBlockingQueue<>(16);
            a.monitorNodes(events::add);
            String aName = a.name().toString();
            Thread t = new Thread(() -> b.connect(aName));
            t.start();
            a.connect(b.name().toString());
            t.join();
            await().atMost(WAIT).until(() -> a.nodes().size() == 1 && b.nodes().size() == 1);
            assertEquals("ok", a.rpc().call(b.name().toString(), "svc", "echo", "ok"));
            assertEquals(NodeEvent.Type.UP, events.poll(10, TimeUnit.SECONDS).type());
            assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS), "one up event, no flapping");
        }
    }
}
