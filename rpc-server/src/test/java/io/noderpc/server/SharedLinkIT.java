package io.noderpc.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.core.handshake.ClientHandshakeHandler;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import io.noderpc.core.handshake.ServerHandshakeHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RpcServer#newSharedLinkAcceptor()} over real sockets: a connection the test opens, authenticates and owns
 * (built like a distribution channel: link stages with ticks), with node b's shared acceptor on the accepting side
 * and a capturing handler after it; the dialing side (node a) sends raw frames.
 */
class SharedLinkIT extends ServerFixture {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Codec codec = ForyCodec.create();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private Channel listener;

    @AfterEach
    void closeListener() {
        release.countDown();
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
    }

    /** What reaches a handler: messages and events, in order. */
    static final class Capture extends ChannelInboundHandlerAdapter {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            messages.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.add(cause);
        }

        Frame next() throws InterruptedException {
            Object msg = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(msg, "nothing arrived within " + WAIT);
            return (Frame) msg;
        }

        void releaseAll() {
            messages.forEach(ReferenceCountUtil::release);
        }
    }

    /** Both ends of one authenticated shared connection. */
    private final class Pair {
        final Capture atServer = new Capture();
        final Capture atPeer = new Capture();
        Channel serverSide;
        Channel peerSide;

        Pair(RpcServer server) throws Exception {
            ChannelHandler acceptor = server.newSharedLinkAcceptor();
            BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
            listener = new ServerBootstrap().group(clientGroup).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            LinkPipeline.addLinkStages(ch.pipeline(), RawLinkClient.OPTIONS,
                                    new ServerHandshakeHandler(SERVER, COOKIE, RawLinkClient.OPTIONS.authTimeout()),
                                    true);
                            ch.pipeline().addLast("acceptor", acceptor).addLast("owner", atServer);
                            accepted.add(ch);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
            ClientHandshakeHandler handshake = new ClientHandshakeHandler(CLIENT, COOKIE, NodeKey.of(SERVER),
                    RawLinkClient.OPTIONS.authTimeout());
            peerSide = new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            LinkPipeline.addLinkStages(ch.pipeline(), RawLinkClient.OPTIONS, handshake, true);
                            ch.pipeline().addLast("owner", atPeer);
                        }
                    })
                    .connect(listener.localAddress()).syncUninterruptibly().channel();
            handshake.handshakeFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            serverSide = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !atServer.events.isEmpty());
        }

        void call(long id, String service, String function, Object... args) {
            peerSide.writeAndFlush(Frame.call(id, service, function, 0, codec.encode(args, ByteBufAllocator.DEFAULT)));
        }

        Object reply(long id) throws InterruptedException {
            Frame frame = atPeer.next();
            try {
                assertEquals(FrameType.REPLY, frame.type(), () -> "expected a REPLY, got " + frame + (frame.type()
                        == FrameType.ERROR ? ": " + RemoteError.decode(frame.content()) : ""));
                assertEquals(id, frame.id());
                return codec.decode(frame.content());
            } finally {
                frame.release();
            }
        }

        RemoteError error(long id) throws InterruptedException {
            Frame frame = atPeer.next();
            try {
                assertEquals(FrameType.ERROR, frame.type(), () -> "expected an ERROR, got " + frame);
                assertEquals(id, frame.id());
                return RemoteError.decode(frame.content());
            } finally {
                frame.release();
            }
        }

        void close() {
            peerSide.close().syncUninterruptibly();
            if (serverSide != null) {
                serverSide.close().syncUninterruptibly();
            }
            atServer.releaseAll();
            atPeer.releaseAll();
        }
    }

    private RpcServer startServer() {
        RpcServer server = start(server());
        server.services().register(Service.builder("math")
                .function("add", 2, a -> (Integer) a[0] + (Integer) a[1])
                .function("slow", 0, a -> {
                    started.countDown();
                    release.await();
                    return "done";
                })
                .build());
        return server;
    }

    @Test
    void aCallIsServedAndTheHandshakeEventPassesOn() throws Exception {
        RpcServer server = startServer();
        Pair pair = new Pair(server);
        try {
            HandshakeCompletedEvent event = assertInstanceOf(HandshakeCompletedEvent.class,
                    pair.atServer.events.get(0));
            assertEquals(CLIENT, event.peer());
            pair.call(1, "math", "add", 2, 3);
            assertEquals(5, pair.reply(1));
            pair.peerSide.writeAndFlush(Frame.tick());
            pair.call(2, "math", "add", 20, 22);
            assertEquals(42, pair.reply(2), "a tick in between is dropped, the link goes on");
            assertEquals(0, server.connections(), "a shared link is not one of the server's connections");
        } finally {
            pair.close();
        }
    }

    @Test
    void aReplyFrameArrivingIsPassedToTheNextHandler() throws Exception {
        RpcServer server = startServer();
        Pair pair = new Pair(server);
        try {
            pair.peerSide.writeAndFlush(Frame.reply(7, codec.encode("an answer", ByteBufAllocator.DEFAULT)));
            pair.peerSide.writeAndFlush(Frame.sbcastReply(8, true));
            Frame reply = pair.atServer.next();
            try {
                assertEquals(FrameType.REPLY, reply.type());
                assertEquals(7, reply.id());
                assertEquals("an answer", codec.decode(reply.content()));
            } finally {
                reply.release();
            }
            Frame sbcastReply = pair.atServer.next();
            assertEquals(FrameType.SBCAST_REPLY, sbcastReply.type());
            sbcastReply.release();
            pair.call(1, "math", "add", 1, 1);
            assertEquals(2, pair.reply(1), "the link stays up");
            assertTrue(pair.serverSide.isActive() && pair.peerSide.isActive());
        } finally {
            pair.close();
        }
    }

    @Test
    void closingTheServerLeavesTheSharedChannelOpenAndRefusesNewCalls() throws Exception {
        RpcServer server = startServer();
        Pair pair = new Pair(server);
        try {
            pair.call(1, "math", "slow");
            assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            Thread closer = new Thread(server::close, "closer");
            closer.start();
            await().atMost(WAIT).until(() -> !server.isRunning());
            release.countDown();
            assertEquals("done", pair.reply(1), "the call in flight finishes during the drain");
            closer.join(WAIT.toMillis());
            assertTrue(!closer.isAlive(), "close() returned");
            assertTrue(pair.serverSide.isActive() && pair.peerSide.isActive(), "the owner's channel stays open");
            pair.call(2, "math", "add", 1, 2);
            RemoteError refused = pair.error(2);
            assertEquals(ErrorKind.NODE_DOWN, refused.kind());
            assertTrue(refused.message().contains("shutting down"), refused.message());
            pair.peerSide.writeAndFlush(Frame.reply(3, Unpooled.EMPTY_BUFFER));
            Frame passed = pair.atServer.next();
            assertEquals(FrameType.REPLY, passed.type(), "the channel is still read after the server closed");
            passed.release();
            assertThrows(IllegalStateException.class, server::newSharedLinkAcceptor);
        } finally {
            pair.close();
        }
    }

    @Test
    void closingTheChannelCleansUpTheWorkInFlight() throws Exception {
        RpcServer server = startServer();
        Pair pair = new Pair(server);
        try {
            pair.call(1, "math", "slow");
            pair.call(2, "math", "slow");
            assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            pair.peerSide.close().syncUninterruptibly();
            await().atMost(WAIT).until(() -> !pair.serverSide.isActive());
            release.countDown();
            await().atMost(WAIT).until(() -> server.inFlight() == 0);
            assertTrue(server.isRunning());
        } finally {
            pair.close();
        }
    }

    @Test
    void aServerThatIsNotRunningRefusesToServeASharedLink() {
        RpcServer notStarted = server().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, notStarted::newSharedLinkAcceptor);
        assertTrue(e.getMessage().contains("not started"), e.getMessage());
        RpcServer closed = startServer();
        closed.close();
        e = assertThrows(IllegalStateException.class, closed::newSharedLinkAcceptor);
        assertTrue(e.getMessage().contains("closing or closed"), e.getMessage());
    }
}
