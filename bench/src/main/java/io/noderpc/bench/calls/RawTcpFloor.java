package io.noderpc.bench.calls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.noderpc.epmd.internal.Transports;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor: the least a loopback request/response can cost here. A Netty echo server (epoll, the
 * same transport noderpc uses) and, per client thread, one blocking socket sending a length-prefixed
 * payload and reading the echo. No codec, no correlation, no executor hand-off.
 */
final class RawTcpFloor implements CallCompetitor {

    private static final int MAX_FRAME = 64 << 20;

    private final int maxClients;
    private EventLoopGroup group;
    private Channel server;
    private final List<java.nio.channels.SocketChannel> sockets = new ArrayList<>();

    RawTcpFloor(int maxClients) {
        this.maxClients = maxClients;
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String description() {
        return "raw TCP: Netty " + (Transports.nativeTransport() ? "epoll" : "NIO")
                + " echo server, one blocking socket per client thread, 4-byte length prefix";
    }

    @Override
    public void start() throws Exception {
        group = Transports.newGroup(2, "floor");
        server = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 0),
                                ECHO);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        for (int i = 0; i < maxClients; i++) {
            java.nio.channels.SocketChannel s = java.nio.channels.SocketChannel.open(address);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            sockets.add(s);
        }
    }

    private static final ChannelHandler ECHO = new EchoHandler();

    @ChannelHandler.Sharable
    private static final class EchoHandler extends SimpleChannelInboundHandler<ByteBuf> {
        EchoHandler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ctx.writeAndFlush(frame);
        }
    }

    @Override
    public Caller caller(int index) {
        java.nio.channels.SocketChannel s = sockets.get(index);
        ByteBuffer header = ByteBuffer.allocateDirect(4);
        return payload -> {
            ByteBuffer out = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip();
            while (out.hasRemaining()) {
                s.write(out);
            }
            header.clear();
            readFully(s, header);
            int length = header.flip().getInt();
            ByteBuffer reply = ByteBuffer.allocate(length);
            readFully(s, reply);
            return reply.array();
        };
    }

    private static void readFully(java.nio.channels.SocketChannel s, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (s.read(buf) < 0) {
                throw new IOException("the echo server closed the connection");
            }
        }
    }

    @Override
    public void close() {
        for (java.nio.channels.SocketChannel s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
