package io.noderpc.epmd.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A server context and embedded connections to it, local or from a remote address. */
final class ServerChannels {

    final NodeRegistry registry;
    final AtomicInteger kills = new AtomicInteger();
    final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    final ServerContext context;

    ServerChannels(boolean relaxed, long unixSeconds) {
        this(relaxed, unixSeconds, 100);
    }

    ServerChannels(boolean relaxed, long unixSeconds, int maxConnections) {
        registry = new NodeRegistry(1000, () -> unixSeconds);
        context = new ServerContext(registry, () -> 4369, relaxed, Duration.ofSeconds(60), maxConnections,
                new DebugLog(0, null), kills::incrementAndGet, connections);
    }

    EmbeddedChannel local() {
        return new EmbeddedChannel(DefaultChannelId.newInstance(), new EpmdServerInitializer(context));
    }

    EmbeddedChannel remote() {
        return new RemoteChannel(new EpmdServerInitializer(context));
    }

    /** Writes a request and returns every byte written back. */
    static byte[] exchange(EmbeddedChannel ch, byte[] request) {
        ch.writeInbound(Unpooled.wrappedBuffer(request));
        return drain(ch);
    }

    static byte[] drain(EmbeddedChannel ch) {
        ch.runPendingTasks();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** An embedded connection whose peer is 192.0.2.7 (not local). */
    private static final class RemoteChannel extends EmbeddedChannel {
        RemoteChannel(EpmdServerInitializer init) {
            super(DefaultChannelId.newInstance(), false, false);
            pipeline().addLast(init);
            try {
                register();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("192.0.2.7", 50000);
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress("192.0.2.1", 4369);
        }
    }
}
