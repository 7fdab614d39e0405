package io.noderpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.Cookie;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.handshake.ClientHandshakeHandler;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.testkit.FreePorts;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The distribution listener proves the cookie with rpc-core's handshake (ticks come later). */
class DistListenerIT {

    private EpmdServer epmd;
    private EventLoopGroup group;

    @BeforeEach
    void setUp() {
        epmd = EpmdServer.builder().port(FreePorts.next()).address("127.0.0.1").build().start();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        epmd.close();
    }

    @Test
    void aPeerWithTheRightCookieCompletesTheHandshake() throws Exception {
        try (Node node = start()) {
            HandshakeCompletedEvent done = handshake(node, Cookie.of("dist-cookie"));
            assertEquals(node.name(), done.peer()); // the client side sees the node it reached
        }
    }

    @Test
    void aPeerWithAnotherCookieIsRefused() {
        try (Node node = start()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> handshake(node, Cookie.of("wrong")));
            assertInstanceOf(AuthenticationFailedException.class, e.getCause());
        }
    }

    private Node start() {
        return Node.builder().name("distnode@127.0.0.1").cookie("dist-cookie").epmdPort(epmd.port())
                .bindInterface("127.0.0.1").build().start();
    }

    private HandshakeCompletedEvent handshake(Node node, Cookie cookie) throws Exception {
        ClientHandshakeHandler handshake = new ClientHandshakeHandler(NodeName.of("peer@127.0.0.1"), cookie,
                NodeKey.of(node.name()), Duration.ofSeconds(5));
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        LinkPipeline.addLinkStages(c.pipeline(), RpcOptions.defaults(), handshake);
                    }
                })
                .connect("127.0.0.1", node.distPort()).syncUninterruptibly().channel();
        try {
            return handshake.handshakeFuture().get(10, TimeUnit.SECONDS);
        } finally {
            ch.close().syncUninterruptibly();
        }
    }
}
