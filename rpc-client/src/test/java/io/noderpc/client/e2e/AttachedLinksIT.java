package io.noderpc.client.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.noderpc.client.LinkAttacher;
import io.noderpc.client.RpcClient;
import io.noderpc.client.RpcClientBuilder;
import io.noderpc.client.RpcFuture;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.Cookie;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.frame.ChunkWriter;
import io.noderpc.core.handshake.ClientHandshakeHandler;
import io.noderpc.core.handshake.HandshakeHandler;
import io.noderpc.core.handshake.ServerHandshakeHandler;
import io.noderpc.server.RpcServer;
import io.noderpc.server.Service;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Distribution-channel RPC over real sockets: nodes a and b share ONE authenticated connection that the test opens
 * and owns (rpc-core link stages with ticks, then each node's {@code RpcServer.newSharedLinkAcceptor()}), and each
 * node's {@link RpcClient} gets its links from a {@link LinkAttacher} that adds them at the end of that channel's
 * pipeline. Both nodes are client and server on the one connection.
 */
class AttachedLinksIT {

    static final NodeName A = NodeName.of("a@127.0.0.1");
    static final NodeName B = NodeName.of("b@127.0.0.1");
    static final Cookie COOKIE = Cookie.of("dist-cookie");
    static final Duration WAIT = Duration.ofSeconds(10);
    static final RpcOptions OPTIONS = RpcOptions.builder(new Properties()).build();
    static final int SOCKET_BUFFER = 32 * 1024;

    static EventLoopGroup distGroup;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Channel distListener;

    @BeforeAll
    static void startDistLoops() {
        distGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopDistLoops() {
        distGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (distListener != null) {
            distListener.close().syncUninterruptibly();
        }
    }

    /** Attaches links to the one channel a node has to its peer, once that channel is authenticated. */
    static final class ChannelAttacher implements LinkAttacher {
        final NodeName peer;
        final CompletableFuture<Channel> channel = new CompletableFuture<>();
        final List<NodeKey> attached = new CopyOnWriteArrayList<>();
        volatile boolean misbehave;

        ChannelAttacher(NodeName peer) {
            this.peer = peer;
        }

        @Override
        public CompletableFuture<Channel> attach(NodeKey key, EventLoop loop, ChannelHandler link) {
            if (!key.node().equals(peer)) {
                return CompletableFuture.failedFuture(new ConnectFailedException("no distribution channel to "
                        + key.node()));
            }
            return channel.thenApply(ch -> {
                if (!ch.isActive()) {
                    throw new ConnectFailedException("the distribution channel to " + peer + " is closed");
                }
                if (misbehave) {
                    ch.pipeline().addLast(LinkAttacher.stageName(key), link); // on the channel's loop: wrong
                } else {
                    ch.pipeline().addLast(loop, LinkAttacher.stageName(key), link);
                }
                attached.add(key);
                return ch;
            });
        }

        Channel channel() throws Exception {
            return channel.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public String toString() {
            return "the test's distribution channel to " + peer;
        }
    }

    /** One node: a running server (listener included) and a client whose links are attached. */
    final class Node {
        final NodeName name;
        final RpcServer server;
        final ChannelAttacher attacher;
        final TestServices.MathService math;
        final TestServices.Recorder recorder = new TestServices.Recorder();
        final List<Object> inbox = new CopyOnWriteArrayList<>();
        RpcClient client;

        Node(NodeName name, NodeName peer, Consumer<RpcClientBuilder> config) {
            this.name = name;
            this.math = new TestServices.MathService(name.toString());
            this.attacher = new ChannelAttacher(peer);
            server = RpcServer.builder().node(name).cookie(COOKIE).bindAddress("127.0.0.1")
                    .drainTimeout(Duration.ofSeconds(1)).start();
            toClose.add(server::closeNow);
            server.services().register("math", math);
            server.services().register("recorder", recorder);
            server.services().register(Service.builder("bulk").function("echo", 1, a -> a[0]).build());
            server.mailboxes().register("inbox", inbox::add);
            client = newClient(config);
        }

        RpcClient newClient(Consumer<RpcClientBuilder> config) {
            RpcClientBuilder builder = RpcClient.builder().self(name).linkAttacher(attacher).ioThreads(2)
                    .options(OPTIONS);
            config.accept(builder);
            RpcClient c = builder.build();
            toClose.add(c);
            return c;
        }

        /** Adds the link stages (with ticks), the handshake and this node's shared acceptor. */
        void initChannel(Channel ch, HandshakeHandler handshake) {
            LinkPipeline.addLinkStages(ch.pipeline(), OPTIONS, handshake, true);
            ch.pipeline().addLast("acceptor", server.newSharedLinkAcceptor());
            handshake.handshakeFuture().thenRun(() -> attacher.channel.complete(ch));
        }
    }

    /** Nodes a and b, with a's client adjusted by {@code configA}, joined by one connection a dials. */
    private Node[] connect(Consumer<RpcClientBuilder> configA) throws Exception {
        Node a = new Node(A, B, configA);
        Node b = new Node(B, A, c -> { });
        // small socket buffers, so that a peer that stops reading soon leaves messages queued in the ChunkWriter
        distListener = new ServerBootstrap().group(distGroup).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER).childOption(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        b.initChannel(ch, new ServerHandshakeHandler(B, COOKIE, OPTIONS.authTimeout()));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        Channel dialed = new Bootstrap().group(distGroup).channel(NioSocketChannel.class)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER).option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        a.initChannel(ch, new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B),
                                OPTIONS.authTimeout()));
                    }
                })
                .connect(distListener.localAddress()).syncUninterruptibly().channel();
        a.attacher.channel();
        Channel accepted = b.attacher.channel();
        toClose.add(() -> {
            dialed.close().syncUninterruptibly();
            accepted.closeFuture().awaitUninterruptibly(WAIT.toMillis());
        });
        return new Node[] {a, b};
    }

    private Node[] connect() throws Exception {
        return connect(c -> { });
    }

    /** The exception {@code future} failed with, within {@code within}. */
    private static Throwable failureWithin(RpcFuture<?> future, Duration within) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS));
        return e.getCause();
    }

    @Test
    void callsCastsAndBroadcastsGoBothWaysOverOneConnection() throws Exception {
        Node[] nodes = connect();
        Node a = nodes[0];
        Node b = nodes[1];
        assertEquals(5, (int) a.client.call(B, "math", "add", 2, 3));
        assertEquals("b@127.0.0.1", a.client.call(B, "math", "whoami"));
        assertEquals("a@127.0.0.1", b.client.call(A, "math", "whoami"));
        a.client.cast(B, "recorder", "hit");
        b.client.cast(A, "recorder", "hit");
        for (int i = 0; i < 5; i++) {
            a.client.orderedCast(NodeKey.of(B, "audit"), "recorder", "seq", i);
        }
        a.client.abcast(List.of(B), "inbox", "hello b");
        assertEquals(List.of(NodeKey.of(A)), b.client.sbcast(List.of(A), "inbox", "hello a").goodNodes());
        await().atMost(WAIT).until(() -> b.recorder.hits() == 1 && a.recorder.hits() == 1);
        await().atMost(WAIT).until(() -> b.recorder.sequence.size() == 5);
        assertEquals(List.of(0, 1, 2, 3, 4), b.recorder.sequence);
        await().atMost(WAIT).until(() -> b.inbox.contains("hello b") && a.inbox.contains("hello a"));

        Channel dist = a.attacher.channel();
        assertNotNull(dist.pipeline().get(LinkAttacher.LINK), "the plain link");
        assertNotNull(dist.pipeline().get("link:audit"), "the keyed link shares the channel");
        assertEquals(List.of(B), List.copyOf(a.client.nodes()));
        assertEquals(0, a.server.connections() + b.server.connections(), "no data connection was opened");
        assertTrue(dist.isActive());
    }

    @Test
    void aChunkedMegabyteCallInBothDirectionsAtOnce() throws Exception {
        Node[] nodes = connect();
        Node a = nodes[0];
        Node b = nodes[1];
        Channel atA = a.attacher.channel();
        Channel atB = b.attacher.channel();
        Random random = new Random(11);
        for (int round = 1; round <= 3; round++) {
            byte[] toB = new byte[1 << 20];
            byte[] toA = new byte[1 << 20];
            random.nextBytes(toB);
            random.nextBytes(toA);
            // Each side of the channel numbers its requests from 1, so a's CALL n and b's CALL n share an id.
            // While a does not read, b's CALL n gets stuck in b's ChunkWriter after its first fragment; a's
            // CALL n reaches b, whose REPLY n queues behind it. Once a reads again, it receives b's CALL n and
            // b's REPLY n interleaved chunk by chunk on one stream.
            setAutoRead(atA, false);
            RpcFuture<byte[]> fromA = b.client.asyncCall(A, "bulk", "echo", (Object) toA);
            await().atMost(WAIT).until(() -> pendingChunked(atB) == 1);
            RpcFuture<byte[]> fromB = a.client.asyncCall(B, "bulk", "echo", (Object) toB);
            await().atMost(WAIT).until(() -> pendingChunked(atB) == 2);
            setAutoRead(atA, true);
            assertArrayEquals(toB, fromB.await(WAIT), "round " + round);
            assertArrayEquals(toA, fromA.await(WAIT), "round " + round);
        }
        assertTrue(a.attacher.channel().isActive() && b.attacher.channel().isActive());
        assertEquals(42, (int) a.client.call(B, "math", "add", 40, 2));
    }

    private static void setAutoRead(Channel ch, boolean read) throws Exception {
        ch.eventLoop().submit(() -> ch.config().setAutoRead(read)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** How many messages wait in {@code ch}'s ChunkWriter to be (completely) written. */
    private static int pendingChunked(Channel ch) throws Exception {
        ChunkWriter writer = ch.pipeline().get(ChunkWriter.class);
        return ch.eventLoop().submit(writer::pendingMessages).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void closingTheClientLeavesTheChannelOpen() throws Exception {
        Node[] nodes = connect();
        Node a = nodes[0];
        Node b = nodes[1];
        assertEquals(3, (int) a.client.call(B, "math", "add", 1, 2));
        assertEquals(7, (int) a.client.call(NodeKey.of(B, "k"), "math", "add", 3, 4));
        Channel dist = a.attacher.channel();
        RpcFuture<Long> pending = a.client.asyncCall(B, "math", "sleep", 5_000L);
        a.client.close();
        assertInstanceOf(RpcException.class, failureWithin(pending, WAIT));
        await().atMost(WAIT).until(() -> dist.pipeline().get(LinkAttacher.LINK) == null
                && dist.pipeline().get("link:k") == null);
        assertTrue(dist.isActive(), "the client does not own the channel");
        assertEquals("a@127.0.0.1", b.client.call(A, "math", "whoami"), "a's server still serves it");
        RpcClient again = a.newClient(c -> { });
        assertEquals(9, (int) again.call(B, "math", "add", 4, 5), "a new client attaches again");
    }

    @Test
    void closingTheChannelFailsACallInFlightAtOnce() throws Exception {
        Node[] nodes = connect();
        Node a = nodes[0];
        Node b = nodes[1];
        assertEquals(2, (int) a.client.call(B, "math", "add", 1, 1));
        RpcFuture<Long> pending = a.client.withTimeout(Duration.ofSeconds(60)).asyncCall(B, "math", "sleep",
                60_000L);
        await().atMost(WAIT).until(() -> b.server.inFlight() == 1); // sent, and running on b
        long start = System.nanoTime();
        a.attacher.channel().close().syncUninterruptibly();
        Throwable failure = failureWithin(pending, WAIT);
        assertInstanceOf(NodeDownException.class, failure);
        assertTrue(failure.getMessage().contains("lost"), failure.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "long before the call's timeout");
        ConnectFailedException after = assertThrows(ConnectFailedException.class,
                () -> a.client.call(B, "math", "add", 1, 1));
        assertTrue(after.getMessage().contains("the distribution channel to b@127.0.0.1 is closed"),
                after.getMessage());
    }

    @Test
    void nodeDownFailsACallInFlightAndDetachesTheLink() throws Exception {
        Node[] nodes = connect();
        Node a = nodes[0];
        Node b = nodes[1];
        assertEquals(2, (int) a.client.call(B, "math", "add", 1, 1));
        RpcFuture<Long> pending = a.client.asyncCall(B, "math", "sleep", 5_000L);
        await().atMost(WAIT).until(() -> b.server.inFlight() == 1);
        Channel dist = a.attacher.channel();
        a.client.nodeDown(B, "no ticks");
        Throwable failure = failureWithin(pending, WAIT);
        assertInstanceOf(NodeDownException.class, failure);
        assertTrue(failure.getMessage().contains("no ticks"), failure.getMessage());
        await().atMost(WAIT).until(() -> dist.pipeline().get(LinkAttacher.LINK) == null);
        assertTrue(dist.isActive());
        assertEquals("a@127.0.0.1", b.client.call(A, "math", "whoami"));
    }

    @Test
    void anIdleLinkLeavesThePipelineButNotTheChannel() throws Exception {
        Node[] nodes = connect(c -> c.options(RpcOptions.builder(new Properties())
                .clientInactivityTimeout(Duration.ofMillis(200)).build()));
        Node a = nodes[0];
        assertEquals(2, (int) a.client.call(B, "math", "add", 1, 1));
        Channel dist = a.attacher.channel();
        assertNotNull(dist.pipeline().get(LinkAttacher.LINK));
        await().atMost(WAIT).until(() -> dist.pipeline().get(LinkAttacher.LINK) == null);
        assertTrue(dist.isActive());
        assertEquals(4, (int) a.client.call(B, "math", "add", 2, 2), "the next call attaches again");
        assertEquals(2, a.attacher.attached.size());
    }

    @Test
    void attachFailuresReachTheCaller() throws Exception {
        Node[] nodes = connect();
        Node a = nodes[0];
        ConnectFailedException none = assertThrows(ConnectFailedException.class,
                () -> a.client.call(NodeName.of("c@127.0.0.1"), "math", "add", 1, 1));
        assertTrue(none.getMessage().contains("no distribution channel to c@127.0.0.1"), none.getMessage());
        a.attacher.misbehave = true;
        ConnectFailedException wrong = assertThrows(ConnectFailedException.class,
                () -> a.client.call(B, "math", "add", 1, 1));
        assertTrue(wrong.getMessage().contains("pipeline.addLast(loop"), wrong.getMessage());
        Channel dist = a.attacher.channel();
        await().atMost(WAIT).until(() -> dist.pipeline().get(LinkAttacher.LINK) == null);
        assertTrue(dist.isActive());
    }

    @Test
    void theBuilderRefusesDataPortSettingsWithAnAttacher() {
        ChannelAttacher attacher = new ChannelAttacher(B);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RpcClient.builder().self(A)
                .linkAttacher(attacher).dataPort(B, 4370).build());
        assertTrue(e.getMessage().contains("linkAttacher"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> RpcClient.builder().self(A).linkAttacher(attacher)
                .epmdPort(4369).build());
        RpcClient noCookie = RpcClient.builder().self(A).linkAttacher(attacher).ioThreads(1).build();
        noCookie.close();
        assertFalse(attacher.channel.isDone(), "building and closing attaches nothing");
    }
}
