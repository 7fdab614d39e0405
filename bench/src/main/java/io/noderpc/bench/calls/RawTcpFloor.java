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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * The floor: the least a loopback request/response can cost here. A Netty echo server (epoll, the
 * same transport noderpc uses) and, per client thread, one blocking socket sending a length-prefixed
 * payload and reading the echo. No codec, no correlation, no executor hand-off. One-way: a second
 * Netty server that counts the frames it reads, and one blocking socket per sender writing them
 * (a full socket buffer blocks the sender, TCP's own back-pressure). Pipelined: one more socket,
 * requests written back to back by the submitting thread, replies read in order by a thread of its
 * own that hands each to the oldest call waiting.
 */
final class RawTcpFloor implements CallCompetitor {

    static final String NAME = "floor";
    private static final int MAX_FRAME = 64 << 20;

    private final int maxClients;
    private final int maxSenders;
    private final LongAdder delivered = new LongAdder();
    private EventLoopGroup group;
    private Channel server;
    private Channel sink;
    private final List<java.nio.channels.SocketChannel> sockets = new ArrayList<>();
    private final List<java.nio.channels.SocketChannel> senderSockets = new ArrayList<>();
    private final List<java.nio.channels.SocketChannel> pipelinedSockets = new ArrayList<>();
    private AsyncCaller pipelined;

    RawTcpFloor(int maxClients, int maxSenders) {
        this.maxClients = maxClients;
        this.maxSenders = maxSenders;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "raw TCP: Netty " + (Transports.nativeTransport() ? "epoll" : "NIO")
                + " echo server, one blocking socket per client thread, 4-byte length prefix;"
                + " pipelined: one socket, one write per request, a reader thread taking the replies in order;"
                + " one-way: a Netty server counting frames, one blocking socket per sender";
    }

    @Override
    public void start() throws Exception {
        group = Transports.newGroup(2, "floor");
        server = listen(ECHO);
        sink = listen(new CountingHandler(delivered));
        connect((InetSocketAddress) server.localAddress(), maxClients, sockets);
        connect((InetSocketAddress) sink.localAddress(), maxSenders, senderSockets);
        connect((InetSocketAddress) server.localAddress(), 1, pipelinedSockets);
    }

    private Channel listen(ChannelHandler last) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 0), last);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private static void connect(InetSocketAddress address, int count, List<java.nio.channels.SocketChannel> into)
            throws IOException {
        for (int i = 0; i < count; i++) {
            java.nio.channels.SocketChannel s = java.nio.channels.SocketChannel.open(address);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            into.add(s);
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

    @ChannelHandler.Sharable
    private static final class CountingHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final LongAdder delivered;

        CountingHandler(LongAdder delivered) {
            this.delivered = delivered;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            delivered.increment();
        }
    }

    @Override
    public OneWay oneWay() {
        return new OneWay() {
            @Override
            public Sender sender(int index) {
                java.nio.channels.SocketChannel s = senderSockets.get(index);
                return payload -> {
                    ByteBuffer out = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload)
                            .flip();
                    while (out.hasRemaining()) {
                        s.write(out);
                    }
                    return true;
                };
            }

            @Override
            public long delivered() {
                return delivered.sum();
            }
        };
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

    /** The pipelined caller; its reader thread starts with the first request for it. */
    @Override
    public synchronized AsyncCaller asyncCaller() {
        if (pipelined == null) {
            java.nio.channels.SocketChannel s = pipelinedSockets.get(0);
            Queue<BiConsumer<byte[], Throwable>> waiting = new ConcurrentLinkedQueue<>();
            Thread reader = new Thread(() -> readReplies(s, waiting), "floor-pipelined-reader");
            reader.setDaemon(true);
            reader.start();
            pipelined = (payload, done) -> {
                if (!s.isOpen()) {
                    throw new IOException("the pipelined connection is closed");
                }
                ByteBuffer out = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip();
                waiting.add(done);
                try {
                    while (out.hasRemaining()) {
                        s.write(out);
                    }
                } catch (IOException e) {
                    s.close(); // the reader then fails every call still waiting
                    throw e;
                }
            };
        }
        return pipelined;
    }

    /** Until the socket closes: each reply in turn to the oldest call waiting; then fails those left. */
    private static void readReplies(java.nio.channels.SocketChannel s, Queue<BiConsumer<byte[], Throwable>> waiting) {
        ByteBuffer header = ByteBuffer.allocateDirect(4);
        try {
            while (true) {
                header.clear();
                readFully(s, header);
                ByteBuffer reply = ByteBuffer.allocate(header.flip().getInt());
                readFully(s, reply);
                BiConsumer<byte[], Throwable> done = waiting.poll();
                if (done == null) {
                    throw new IOException("a reply came with no call waiting for it");
                }
                done.accept(reply.array(), null);
            }
        } catch (IOException | RuntimeException e) {
            try {
                s.close(); // later calls fail at once instead of waiting for replies that cannot come
            } catch (IOException ignored) {
                // closing anyway
            }
            for (BiConsumer<byte[], Throwable> done; (done = waiting.poll()) != null; ) {
                done.accept(null, e);
            }
        }
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
        List<java.nio.channels.SocketChannel> all = new ArrayList<>(sockets);
        all.addAll(senderSockets);
        all.addAll(pipelinedSockets);
        for (java.nio.channels.SocketChannel s : all) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Channel c : new Channel[] {server, sink}) {
            if (c != null) {
                c.close().awaitUninterruptibly();
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
