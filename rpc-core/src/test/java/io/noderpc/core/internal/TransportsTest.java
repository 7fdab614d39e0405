package io.noderpc.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

class TransportsTest {

    @Test
    void aGroupMadeHereRunsTheChosenTransport() throws Exception {
        MultiThreadIoEventLoopGroup group = Transports.newGroup(1, "transports-test", true);
        try {
            boolean epoll = Transports.nativeTransport();
            assertEquals(epoll ? EpollSocketChannel.class : NioSocketChannel.class, Transports.clientChannelFor(group));
            assertEquals(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                    Transports.serverChannelFor(group));
            assertEquals(!Boolean.getBoolean(Transports.NIO_PROPERTY) && Epoll.isAvailable(), epoll);
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aGivenNioOrEpollGroupGetsItsOwnChannelClasses() throws Exception {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            assertEquals(NioSocketChannel.class, Transports.clientChannelFor(nio));
            assertEquals(NioServerSocketChannel.class, Transports.serverChannelFor(nio));
        } finally {
            nio.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
        if (Epoll.isAvailable()) {
            EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            try {
                assertEquals(EpollSocketChannel.class, Transports.clientChannelFor(epoll));
                assertEquals(EpollServerSocketChannel.class, Transports.serverChannelFor(epoll));
            } finally {
                epoll.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            }
        }
    }

    @Test
    void anyOtherGroupIsRefusedWithItsClassNamed() throws Exception {
        EventLoopGroup local = new DefaultEventLoopGroup(1);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Transports.clientChannelFor(local));
            assertTrue(e.getMessage().contains("DefaultEventLoopGroup"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Transports.serverChannelFor(local));
        } finally {
            local.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
