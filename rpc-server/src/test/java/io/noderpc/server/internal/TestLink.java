package io.noderpc.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import io.noderpc.server.MailboxRegistry;
import io.noderpc.server.ServiceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** An Acceptor on an EmbeddedChannel, authenticated, with manual workers and a counting codec. */
final class TestLink implements AutoCloseable {

    static final NodeName SELF = NodeName.of("b@127.0.0.1");
    static final NodeName PEER = NodeName.of("a@127.0.0.1");
    static final RpcOptions OPTIONS = RpcOptions.builder(new Properties()).build();

    final ManualExecutor workers;
    final CountingCodec codec;
    final ServiceRegistry services;
    final MailboxRegistry mailboxes;
    final ServerContext context;
    final EmbeddedChannel channel;
    final Acceptor acceptor;
    /** What the acceptor passed on to the next handler: messages, events and exceptions, in order. */
    final List<Object> passedOn = new ArrayList<>();

    TestLink() {
        this(OPTIONS, AccessRule.ALLOW_ALL, new InFlightLimiter(1 << 20));
    }

    TestLink(RpcOptions options, AccessRule access, InFlightLimiter limiter) {
        this(new ServerContext(SELF, Cookie.of("c"), options, new CountingCodec(), new ServiceRegistry(),
                new MailboxRegistry(), access, new ManualExecutor(), limiter));
    }

    /** Another link of the same server. */
    TestLink(ServerContext context) {
        this(context, new Acceptor(context));
    }

    /** A shared link of {@code context}'s server, with a handler after the acceptor recording what it passes on. */
    static TestLink shared(ServerContext context, SharedLinks sharedLinks) {
        return new TestLink(context, Acceptor.shared(context, sharedLinks));
    }

    private TestLink(ServerContext context, Acceptor acceptor) {
        this.context = context;
        this.workers = (ManualExecutor) context.workers();
        this.codec = (CountingCodec) context.codec();
        this.services = context.services();
        this.mailboxes = context.mailboxes();
        this.acceptor = acceptor;
        this.channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(ServerInitializer.ACCEPTOR, acceptor);
        channel.pipeline().addLast("next", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passedOn.add(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                passedOn.add(evt);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                passedOn.add(cause);
            }
        });
        channel.pipeline().fireUserEventTriggered(new HandshakeCompletedEvent(PEER, 1, null));
    }

    ByteBuf encode(Object value) {
        return codec.delegate.encode(value, ByteBufAllocator.DEFAULT);
    }

    void call(long id, String service, String function, Object... args) {
        channel.writeInbound(Frame.call(id, service, function, 0, encode(args)));
    }

    void cast(long id, String service, String function, Object... args) {
        channel.writeInbound(Frame.cast(id, service, function, encode(args)));
    }

    void orderedCast(long id, String service, String function, Object... args) {
        channel.writeInbound(Frame.orderedCast(id, service, function, encode(args)));
    }

    /** The next frame written, which the caller releases; fails if none. */
    Frame next() {
        channel.runPendingTasks();
        Frame frame = channel.readOutbound();
        assertNotNull(frame, "expected a frame from the server");
        return frame;
    }

    /** Whether nothing was written. */
    boolean silent() {
        channel.runPendingTasks();
        return channel.outboundMessages().isEmpty();
    }

    /** The value of the next frame, a REPLY to {@code id}. */
    Object reply(long id) {
        Frame frame = next();
        try {
            assertEquals(FrameType.REPLY, frame.type(), () -> "expected a REPLY but got " + frame + ": "
                    + (frame.type() == FrameType.ERROR ? RemoteError.decode(frame.content()) : ""));
            assertEquals(id, frame.id());
            return codec.delegate.decode(frame.content());
        } finally {
            frame.release();
        }
    }

    /** The next frame, an ERROR answering {@code id}. */
    RemoteError error(long id) {
        Frame frame = next();
        try {
            assertEquals(FrameType.ERROR, frame.type(), () -> "expected an ERROR but got " + frame);
            assertEquals(id, frame.id());
            return RemoteError.decode(frame.content());
        } finally {
            frame.release();
        }
    }

    Link link() {
        return acceptor.link();
    }

    @Override
    public void close() {
        workers.runAll();
        passedOn.forEach(ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }
}
