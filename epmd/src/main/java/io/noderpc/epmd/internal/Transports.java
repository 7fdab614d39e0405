package io.noderpc.epmd.internal;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;

/**
 * Chooses the native epoll transport when it loads (Linux), NIO otherwise.
 * Epoll also lets a listener set {@code IPV6_V6ONLY}, which OTP's epmd relies on.
 */
public final class Transports {

    private static final boolean EPOLL = !Boolean.getBoolean("noderpc.nio") && Epoll.isAvailable();

    private Transports() {
    }

    public static boolean nativeTransport() {
        return EPOLL;
    }

    public static EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * Server channels whose socket family matches the address they will bind: with epoll an IPv4
     * listener is a true IPv4 socket, so that an IPv6-only one can share its port.
     */
    public static ChannelFactory<ServerSocketChannel> serverChannelFactory(InetAddress bindAddress) {
        SocketProtocolFamily family = bindAddress instanceof Inet6Address
                ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        if (EPOLL) {
            return () -> new EpollServerSocketChannel(family);
        }
        return () -> new NioServerSocketChannel(SelectorProvider.provider(), family);
    }

    /**
     * The client channel class for {@code group}, which may come from the user: NIO or epoll, whichever
     * the group runs.
     *
     * @throws IllegalArgumentException if the group is neither NIO nor epoll
     */
    public static Class<? extends SocketChannel> clientChannelFor(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup io) {
            if (io.isIoType(NioIoHandler.class)) {
                return NioSocketChannel.class;
            }
            if (io.isIoType(EpollIoHandler.class)) {
                return EpollSocketChannel.class;
            }
        }
        throw new IllegalArgumentException("unsupported event loop group " + group.getClass().getName()
                + ": use a MultiThreadIoEventLoopGroup with NioIoHandler or EpollIoHandler");
    }
}
