package io.noderpc.core.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
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
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The data channel's Netty transport: native epoll where it loads (Linux), NIO otherwise or with
 * {@code -Dnoderpc.nio=true}; and the channel classes for a group a user gives, which must run one of the two.
 * The server and the client both take their transport from here.
 */
public final class Transports {

    /** Set to {@code true} to run on NIO even where epoll loads. */
    public static final String NIO_PROPERTY = "noderpc.nio";

    private Transports() {
    }

    /** Whether groups made here run native epoll. */
    public static boolean nativeTransport() {
        return !Boolean.getBoolean(NIO_PROPERTY) && Epoll.isAvailable();
    }

    /**
     * A new event loop group of {@code threads} (0: Netty's default, twice the cores) named {@code name}, on the
     * transport {@link #nativeTransport()} chooses.
     */
    public static MultiThreadIoEventLoopGroup newGroup(int threads, String name, boolean daemon) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, daemon),
                nativeTransport() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * The listening channel class for {@code group}'s transport.
     *
     * @throws IllegalArgumentException if the group runs neither epoll nor NIO
     */
    public static Class<? extends ServerSocketChannel> serverChannelFor(EventLoopGroup group) {
        if (isIoType(group, EpollIoHandler.class)) {
            return EpollServerSocketChannel.class;
        }
        if (isIoType(group, NioIoHandler.class)) {
            return NioServerSocketChannel.class;
        }
        throw unsupported(group);
    }

    /**
     * The connecting channel class for {@code group}'s transport.
     *
     * @throws IllegalArgumentException if the group runs neither epoll nor NIO
     */
    public static Class<? extends SocketChannel> clientChannelFor(EventLoopGroup group) {
        if (isIoType(group, EpollIoHandler.class)) {
            return EpollSocketChannel.class;
        }
        if (isIoType(group, NioIoHandler.class)) {
            return NioSocketChannel.class;
        }
        throw unsupported(group);
    }

    private static boolean isIoType(EventLoopGroup group, Class<? extends io.netty.channel.IoHandler> type) {
        return group instanceof IoEventLoopGroup io && io.isIoType(type);
    }

    private static IllegalArgumentException unsupported(EventLoopGroup group) {
        return new IllegalArgumentException("the event loop group must serve epoll or NIO channels (a"
                + " MultiThreadIoEventLoopGroup with EpollIoHandler.newFactory() or NioIoHandler.newFactory()), not "
                + (group == null ? "null" : group.getClass().getName()));
    }
}
