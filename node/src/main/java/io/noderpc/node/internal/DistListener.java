package io.noderpc.node.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.noderpc.core.Cookie;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import io.noderpc.core.handshake.HandshakeFailedEvent;
import io.noderpc.core.handshake.ServerHandshakeHandler;
import io.noderpc.node.PortRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distribution listener, for now only its first stage: binds the first free port of a {@link PortRange} on an
 * interface, accepts connections and runs rpc-core's server handshake on them (proving the cookie). Ticks, node
 * monitoring and distribution-channel RPC come later; until then frames after the handshake are dropped.
 * <pre>
 *  handshakeDecoder .. handshake   rpc-core's link stages, ServerHandshakeHandler last
 *  distPeer         DistPeer       logs the outcome of the handshake, drops frames
 * </pre>
 */
public final class DistListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DistListener.class);

    /** Name of the handler after the handshake. */
    public static final String DIST_PEER = "distPeer";

    private final EventLoopGroup group;
    private final ChannelGroup links;
    private final Channel listener;

    private DistListener(EventLoopGroup group, ChannelGroup links, Channel listener) {
        this.group = group;
        this.links = links;
        this.listener = listener;
    }

    /**
     * Binds the first free port of {@code ports} on {@code address} (null: every interface).
     *
     * @throws IllegalStateException naming the range when no port of it could be bound; nothing is left running
     */
    public static DistListener bind(NodeName self, Cookie cookie, RpcOptions options, InetAddress address,
                                    PortRange ports) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("noderpc-dist-" + self.alive()), NioIoHandler.newFactory());
        ChannelGroup links = new DefaultChannelGroup("noderpc-dist-" + self, GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        links.add(ch);
                        LinkPipeline.addLinkStages(ch.pipeline(), options,
                                new ServerHandshakeHandler(self, cookie, options.authTimeout()));
                        ch.pipeline().addLast(DIST_PEER, new DistPeer(self));
                    }
                });
        Throwable last = null;
        for (int port = ports.min(); port <= ports.max(); port++) {
            InetSocketAddress at = address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
            ChannelFuture bound = bootstrap.bind(at).awaitUninterruptibly();
            if (bound.isSuccess()) {
                return new DistListener(group, links, bound.channel());
            }
            last = bound.cause();
        }
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        String where = (address == null ? "*" : address.getHostAddress()) + ":" + ports;
        throw new IllegalStateException("node " + self + ": no free port for the distribution listener in " + where
                + " (" + ports.size() + (ports.size() == 1 ? " port" : " ports") + " tried, all taken; last error: "
                + last + "); widen distPorts (inet_dist_listen_min/max) or use 0 for an ephemeral port", last);
    }

    /** The port listened on. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The address listened on. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Closes the listener and every connection, and stops the event loop. Idempotent. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        links.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** After the handshake: logs who connected; drops frames until the channel's own stages exist. */
    private static final class DistPeer extends ChannelInboundHandlerAdapter {
        private final NodeName self;

        DistPeer(NodeName self) {
            this.self = self;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HandshakeCompletedEvent done) {
                log.debug("node {}: distribution link from {} authenticated", self, done.peer());
            } else if (evt instanceof HandshakeFailedEvent failed) {
                log.debug("node {}: distribution handshake from {} failed: {}", self, ctx.channel().remoteAddress(),
                        failed.cause().getMessage());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("node {}: distribution link {} failed: {}", self, ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
