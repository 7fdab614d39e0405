package io.noderpc.node.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.noderpc.core.NodeName;
import io.noderpc.node.PortRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The distribution listener: binds the first free port of a {@link PortRange} on an interface and gives each
 * accepted connection the pipeline of {@code initializer} ({@link DistKernel}'s).
 */
final class DistListener implements AutoCloseable {

    private final ChannelGroup accepted;
    private final Channel listener;

    private DistListener(ChannelGroup accepted, Channel listener) {
        this.accepted = accepted;
        this.listener = listener;
    }

    /**
     * Binds the first free port of {@code ports} on {@code address} (null: every interface).
     *
     * @throws IllegalStateException naming the range when no port of it could be bound
     */
    static DistListener bind(NodeName self, InetAddress address, PortRange ports, EventLoopGroup group,
                             ChannelInitializer<Channel> initializer) {
        ChannelGroup accepted = new DefaultChannelGroup("noderpc-dist-" + self, GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.add(ch);
                        ch.pipeline().addLast(initializer);
                    }
                });
        Throwable last = null;
        for (int port = ports.min(); port <= ports.max(); port++) {
            InetSocketAddress at = address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
            ChannelFuture bound = bootstrap.bind(at).awaitUninterruptibly();
            if (bound.isSuccess()) {
                return new DistListener(accepted, bound.channel());
            }
            last = bound.cause();
        }
        String where = (address == null ? "*" : address.getHostAddress()) + ":" + ports;
        throw new IllegalStateException("node " + self + ": no free port for the distribution listener in " + where
                + " (" + ports.size() + (ports.size() == 1 ? " port" : " ports") + " tried, all taken; last error: "
                + last + "); widen distPorts (inet_dist_listen_min/max) or use 0 for an ephemeral port", last);
    }

    /** The port listened on. */
    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Closes the listener and every accepted connection. Idempotent. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        accepted.close().awaitUninterruptibly();
    }
}
