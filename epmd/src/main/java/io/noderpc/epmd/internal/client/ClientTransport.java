package io.noderpc.epmd.internal.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Picks the socket channel class that matches an event loop group's transport. */
public final class ClientTransport {

    private ClientTransport() {
    }

    /**
     * The client channel class for {@code group}.
     *
     * @throws IllegalArgumentException if the group is neither NIO nor epoll
     */
    public static Class<? extends SocketChannel> channelClassFor(EventLoopGroup group) {
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
