package io.noderpc.core.handshake;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.Cookie;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.core.frame.Frame;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handshake and the link stages over real loopback sockets. */
class HandshakeIT {

    static final NodeName A = NodeName.of("a@127.0.0.1");
    static final NodeName B = NodeName.of("b@127.0.0.1");
    static final Cookie COOKIE = Cookie.of("it-secret");
    static final RpcOptions OPTIONS = RpcOptions.builder(new Properties()).build();

    static EventLoopGroup group;

    private Channel server;
    private final BlockingQueue<CompletableFuture<HandshakeCompletedEvent>> serverHandshakes =
            new LinkedBlockingQueue<>();

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    /** Echoes each CALL's payload back as its REPLY. */
    static final class EchoService extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame frame = (Frame) msg;
            ctx.writeAndFlush(Frame.reply(frame.id(), frame.content().retain()));
            frame.release();
        }
    }

    private int startServer(Cookie cookie, Duration authTimeout) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ServerHandshakeHandler handshake = new ServerHandshakeHandler(B, cookie, authTimeout);
                        serverHandshakes.add(handshake.handshakeFuture());
                        LinkPipeline.addLinkStages(ch.pipeline(), OPTIONS, handshake);
                        ch.pipeline().addLast("echo", new EchoService());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static Channel connect(int port, ClientHandshakeHandler handshake, BlockingQueue<Frame> replies) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        LinkPipeline.addLinkStages(ch.pipeline(), OPTIONS, handshake);
                        ch.pipeline().addLast("replies", new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                replies.add((Frame) msg);
                            }
                        });
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
    }

    private static RpcException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return (RpcException) e.getCause();
    }

    @Test
    void authenticatesAndCarriesSmallAndChunkedMessages() throws Exception {
        int port = startServer(COOKIE, Duration.ofSeconds(5));
        BlockingQueue<Frame> replies = new LinkedBlockingQueue<>();
        ClientHandshakeHandler handshake = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B, "k"),
                Duration.ofSeconds(5));
        Channel client = connect(port, handshake, replies);
        try {
            assertEquals(B, handshake.handshakeFuture().get(10, TimeUnit.SECONDS).peer());
            HandshakeCompletedEvent atServer = serverHandshakes.take().get(10, TimeUnit.SECONDS);
            assertEquals(NodeKey.of(A, "k"), atServer.nodeKey());

            byte[] big = new byte[3 * OPTIONS.chunkSize() + 123];
            new Random(5).nextBytes(big);
            // Both in one event-loop task, as one caller's burst: written from another thread, the large message
            // would go as a task of its own, and its chunks could all leave (a writability event flushes them)
            // before the small one's task even ran, leaving nothing for the small one to overtake.
            client.eventLoop().submit(() -> {
                client.write(Frame.call(1, "echo", "big", 0, Unpooled.wrappedBuffer(big)));
                client.writeAndFlush(Frame.call(2, "echo", "small", 0, Unpooled.wrappedBuffer(new byte[] {42})));
            }).sync();
            Frame first = replies.poll(10, TimeUnit.SECONDS);
            Frame second = replies.poll(10, TimeUnit.SECONDS);
            assertEquals(2, first.id(), "the small call overtakes the chunked one");
            assertEquals(1, second.id());
            assertArrayEquals(big, ByteBufUtil.getBytes(second.content()));
            first.release();
            second.release();
        } finally {
            client.close().syncUninterruptibly();
        }
    }

    private RpcException clientFailure(Cookie serverCookie, ClientHandshakeHandler handshake) {
        int port = startServer(serverCookie, Duration.ofSeconds(5));
        Channel client = connect(port, handshake, new LinkedBlockingQueue<>());
        RpcException e = failure(handshake.handshakeFuture());
        client.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        assertTrue(!client.isOpen(), "the client connection is closed");
        return e;
    }

    @Test
    void wrongCookieOnTheClientIsAnAuthenticationFailureOnBothSides() throws Exception {
        RpcException e = clientFailure(COOKIE, new ClientHandshakeHandler(A, Cookie.of("nope"), NodeKey.of(B),
                Duration.ofSeconds(5)));
        assertInstanceOf(AuthenticationFailedException.class, e);
        assertInstanceOf(AuthenticationFailedException.class, failure(serverHandshakes.take()));
    }

    @Test
    void wrongCookieOnTheServerIsAnAuthenticationFailureOnBothSides() throws Exception {
        RpcException e = clientFailure(Cookie.of("nope"), new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B),
                Duration.ofSeconds(5)));
        assertInstanceOf(AuthenticationFailedException.class, e);
        assertInstanceOf(AuthenticationFailedException.class, failure(serverHandshakes.take()));
    }

    @Test
    void wrongNodeNameIsBadNode() {
        RpcException e = clientFailure(COOKIE, new ClientHandshakeHandler(A, COOKIE, NodeKey.of("c@127.0.0.1"),
                Duration.ofSeconds(5)));
        assertInstanceOf(BadNodeException.class, e);
        assertTrue(e.getMessage().contains("this is node b@127.0.0.1"), e.getMessage());
    }

    @Test
    void versionMismatchIsIncompatible() {
        RpcException e = clientFailure(COOKIE, new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B),
                Duration.ofSeconds(5), 2, 2, null));
        assertInstanceOf(IncompatibleException.class, e);
    }

    @Test
    void serverDropsASilentConnectionAfterTheAuthTimeout() throws Exception {
        int port = startServer(COOKIE, Duration.ofMillis(200));
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.setSoTimeout(10_000);
            InputStream in = raw.getInputStream();
            assertEquals(-1, in.read(), "the server closed the connection without sending anything");
        }
        assertInstanceOf(RpcTimeoutException.class, failure(serverHandshakes.take()));
    }

    @Test
    void clientGivesUpOnASilentServer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            ClientHandshakeHandler handshake = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B),
                    Duration.ofMillis(300));
            Channel client = connect(silent.getLocalPort(), handshake, new LinkedBlockingQueue<>());
            try (Socket accepted = silent.accept()) {
                RpcException e = failure(handshake.handshakeFuture());
                assertInstanceOf(RpcTimeoutException.class, e);
                await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
                accepted.setSoTimeout(10_000);
                InputStream in = accepted.getInputStream();
                byte[] hello = in.readNBytes(4);
                assertEquals(4, hello.length, "the client sent its HELLO first");
            }
        }
    }
}
