package io.noderpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.noderpc.core.Cookie;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.core.handshake.ClientHandshakeHandler;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bare data-link client built from rpc-core's pieces (link stages, client handshake, frames), for testing the
 * server over real sockets without rpc-client: it sends frames as told and queues what comes back.
 */
final class RawLinkClient implements AutoCloseable {

    static final RpcOptions OPTIONS = RpcOptions.builder(new Properties()).build();
    static final Duration WAIT = Duration.ofSeconds(10);

    final Codec codec = ForyCodec.create();
    final BlockingQueue<Frame> received;
    private final Channel channel;
    private final CompletableFuture<HandshakeCompletedEvent> handshake;

    private RawLinkClient(Channel channel, CompletableFuture<HandshakeCompletedEvent> handshake,
                          BlockingQueue<Frame> received) {
        this.channel = channel;
        this.handshake = handshake;
        this.received = received;
    }

    /** Connects to {@code port} on 127.0.0.1 and starts the handshake as {@code self} asking for {@code target}. */
    static RawLinkClient connect(EventLoopGroup group, int port, NodeName self, Cookie cookie, NodeKey target) {
        return connect(group, port, self, cookie, target, ctx -> { });
    }

    /**
     * As {@link #connect(EventLoopGroup, int, NodeName, Cookie, NodeKey)}, and runs {@code afterHello} on the event
     * loop in the same task that wrote HELLO, before anything from the server can be read: what it writes goes out
     * right behind HELLO.
     */
    static RawLinkClient connect(EventLoopGroup group, int port, NodeName self, Cookie cookie, NodeKey target,
                                 Consumer<ChannelHandlerContext> afterHello) {
        ClientHandshakeHandler handshake = new ClientHandshakeHandler(self, cookie, target, OPTIONS.authTimeout());
        BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LinkPipeline.addLinkStages(ch.pipeline(), OPTIONS, handshake);
                        ch.pipeline().addLast("received", new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                afterHello.accept(ctx);
                                ctx.fireChannelActive();
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                received.add((Frame) msg);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
        return new RawLinkClient(channel, handshake.handshakeFuture(), received);
    }

    /** The handshake's outcome. */
    CompletableFuture<HandshakeCompletedEvent> handshake() {
        return handshake;
    }

    /** Waits for the handshake to succeed. */
    RawLinkClient authenticated() throws Exception {
        handshake.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    Channel channel() {
        return channel;
    }

    void send(Frame frame) {
        channel.writeAndFlush(frame);
    }

    /** Queues without flushing. */
    void write(Frame frame) {
        channel.write(frame);
    }

    void flush() {
        channel.flush();
    }

    Frame callFrame(long id, String service, String function, Object... args) {
        return Frame.call(id, service, function, 0, codec.encode(args, ByteBufAllocator.DEFAULT));
    }

    void call(long id, String service, String function, Object... args) {
        send(callFrame(id, service, function, args));
    }

    void cast(long id, String service, String function, Object... args) {
        send(Frame.cast(id, service, function, codec.encode(args, ByteBufAllocator.DEFAULT)));
    }

    Frame orderedCastFrame(long id, String service, String function, Object... args) {
        return Frame.orderedCast(id, service, function, codec.encode(args, ByteBufAllocator.DEFAULT));
    }

    /** The next frame received (the caller releases it); fails after {@link #WAIT}. */
    Frame next() throws InterruptedException {
        Frame frame = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(frame, "no frame from the server within " + WAIT);
        return frame;
    }

    /** The value of the next frame, which must be the REPLY to {@code id}. */
    Object reply(long id) throws InterruptedException {
        Frame frame = next();
        try {
            if (frame.type() == FrameType.ERROR) {
                throw new AssertionError("call " + frame.id() + " failed: " + RemoteError.decode(frame.content()));
            }
            assertEquals(FrameType.REPLY, frame.type());
            assertEquals(id, frame.id());
            return codec.decode(frame.content());
        } finally {
            frame.release();
        }
    }

    /** The next frame, which must be an ERROR answering {@code id}. */
    RemoteError error(long id) throws InterruptedException {
        Frame frame = next();
        try {
            assertEquals(FrameType.ERROR, frame.type(), () -> "expected an ERROR, got " + frame);
            assertEquals(id, frame.id());
            return RemoteError.decode(frame.content());
        } finally {
            frame.release();
        }
    }

    /** Values of the next {@code count} frames, all REPLYs, by id (replies may come in any order). */
    Map<Long, Object> replies(int count) throws InterruptedException {
        Map<Long, Object> values = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Frame frame = next();
            try {
                assertEquals(FrameType.REPLY, frame.type(), () -> "expected a REPLY, got " + frame);
                values.put(frame.id(), codec.decode(frame.content()));
            } finally {
                frame.release();
            }
        }
        return values;
    }

    /** Whether the server closed the link within {@link #WAIT}. */
    boolean awaitClosed() {
        return channel.closeFuture().awaitUninterruptibly(WAIT.toMillis());
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        for (Frame f; (f = received.poll()) != null; ) {
            ReferenceCountUtil.release(f);
        }
    }
}
