package io.noderpc.core.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.RpcOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A client and a server pipeline on two EmbeddedChannels, with the bytes piped between them. */
final class EmbeddedLink {

    static final RpcOptions OPTIONS = RpcOptions.builder(new Properties()).build();

    final EmbeddedChannel client;
    final EmbeddedChannel server;
    final Recorder clientApp = new Recorder();
    final Recorder serverApp = new Recorder();

    EmbeddedLink(HandshakeHandler clientHandshake, HandshakeHandler serverHandshake) {
        this(clientHandshake, serverHandshake, false);
    }

    /** With {@code ticks}, both pipelines are built to accept ticks (a distribution channel's). */
    EmbeddedLink(HandshakeHandler clientHandshake, HandshakeHandler serverHandshake, boolean ticks) {
        server = pipeline(serverHandshake, serverApp, ticks);
        client = pipeline(clientHandshake, clientApp, ticks);
    }

    static EmbeddedChannel pipeline(HandshakeHandler handshake, Recorder app) {
        return pipeline(handshake, app, false);
    }

    static EmbeddedChannel pipeline(HandshakeHandler handshake, Recorder app, boolean ticks) {
        EmbeddedChannel ch = new EmbeddedChannel();
        if (ticks) {
            LinkPipeline.addLinkStages(ch.pipeline(), OPTIONS, handshake, true);
        } else {
            LinkPipeline.addLinkStages(ch.pipeline(), OPTIONS, handshake);
        }
        ch.pipeline().addLast("app", app);
        return ch;
    }

    /** Moves bytes both ways until neither side has anything left to send. */
    void pump() {
        boolean moved;
        do {
            moved = move(client, server) | move(server, client);
        } while (moved);
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        from.runPendingTasks();
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(b);
            } else {
                b.release();
            }
        }
        return moved;
    }

    /** Releases everything left and closes both sides. */
    void finish() {
        clientApp.releaseAll();
        serverApp.releaseAll();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    /** The application handler: records what reaches it after the link stages. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> messages = new ArrayList<>();
        final List<Object> events = new ArrayList<>();
        final List<Throwable> exceptions = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            messages.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }

        void releaseAll() {
            messages.forEach(ReferenceCountUtil::release);
            messages.clear();
        }
    }
}
