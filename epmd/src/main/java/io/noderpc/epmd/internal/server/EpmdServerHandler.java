package io.noderpc.epmd.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.internal.EpmdProtocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers the one request of an EPMD connection, as OTP's {@code epmd_srv.c} does.
 *
 * <p>ALIVE2 keeps the connection open: the registration lives exactly as long as it. Every other
 * request is answered and the connection closed. Requests that are restricted to local peers
 * (ALIVE2, DUMP, KILL, STOP) and STOP without relaxed command checking are closed without a reply.
 */
public final class EpmdServerHandler extends SimpleChannelInboundHandler<EpmdRequest> {

    private static final AtomicInteger PSEUDO_FD = new AtomicInteger(1000);

    private final ServerContext server;
    private boolean local;
    private String registeredName;

    public EpmdServerHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        local = isLocalPeer(ctx.channel());
        server.debug().log(1, (local ? "Local" : "Non-local") + " peer connected");
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (registeredName != null) {
            unregister(ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, EpmdRequest request) {
        if (request instanceof EpmdRequest.Alive2 alive2) {
            onAlive2(ctx, alive2);
        } else if (request instanceof EpmdRequest.PortPlease2 portPlease) {
            onPortPlease2(ctx, portPlease);
        } else if (request instanceof EpmdRequest.Names) {
            onNames(ctx);
        } else if (request instanceof EpmdRequest.Dump) {
            onDump(ctx);
        } else if (request instanceof EpmdRequest.Kill) {
            onKill(ctx);
        } else if (request instanceof EpmdRequest.Stop stop) {
            onStop(ctx, stop);
        }
        if (server.debug().enabled(3)) {
            printTables();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && registeredName == null) {
            server.debug().log(1, "closing connection idle for more than "
                    + server.packetTimeout().toSeconds() + " seconds");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (registeredName != null) {
            server.debug().log(1, "got more than expected on ALIVE socket: " + reason.getMessage());
        } else {
            server.debug().log(1, reason.getMessage());
        }
        ctx.close();
    }

    private void onAlive2(ChannelHandlerContext ctx, EpmdRequest.Alive2 req) {
        server.debug().log(1, "** got ALIVE2_REQ");
        if (!local) {
            server.debug().log(1, "ALIVE2_REQ from non local address");
            ctx.close();
            return;
        }
        // Refused or not, an answered ALIVE2 connection stays open and is exempt from the packet timeout.
        if (ctx.pipeline().get(EpmdServerInitializer.PACKET_TIMEOUT) != null) {
            ctx.pipeline().remove(EpmdServerInitializer.PACKET_TIMEOUT);
        }
        String refusal = refusal(req);
        boolean xResp = req.highestVersion() >= EpmdProtocol.X_RESP_MIN_VERSION;
        if (refusal != null) {
            server.debug().log(1, refusal);
            ctx.writeAndFlush(alive2Reply(ctx, xResp, 1, EpmdProtocol.REFUSED_CREATION));
            return;
        }
        String name = new String(req.name(), StandardCharsets.UTF_8);
        EpmdEntry entry = new EpmdEntry(name, req.port(), req.nodeType(), req.protocol(),
                req.highestVersion(), req.lowestVersion(), req.extra());
        NodeRegistry.Node node;
        synchronized (server.registry()) {
            if (server.registry().isRegistered(name)) {
                node = null;
            } else {
                node = server.registry().register(entry, ctx.channel(), fdOf(ctx.channel()));
            }
        }
        if (node == null) {
            server.debug().log(1, "node name already occupied " + name);
            ctx.writeAndFlush(alive2Reply(ctx, xResp, 1, EpmdProtocol.REFUSED_CREATION));
            return;
        }
        registeredName = name;
        server.debug().log(1, "registering '" + name + ":" + node.counter() + "', port " + req.port());
        server.debug().log(1, "type " + req.nodeType() + " proto " + req.protocol()
                + " highvsn " + req.highestVersion() + " lowvsn " + req.lowestVersion());
        ctx.writeAndFlush(alive2Reply(ctx, xResp, 0, node.creationFor(req.highestVersion())))
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        server.debug().log(1, "** sent ALIVE2_RESP for \"" + name + "\"");
                    } else {
                        f.channel().close();
                    }
                });
    }

    private static String refusal(EpmdRequest.Alive2 req) {
        if (req.name().length > EpmdProtocol.MAX_SYMBOL_BYTES) {
            return "node name is too long: " + req.name().length + " bytes";
        }
        String name = EpmdRequestDecoder.utf8OrNull(req.name());
        if (name == null) {
            return "invalid node name encoding";
        }
        if (name.codePointCount(0, name.length()) > EpmdProtocol.MAX_NAME_CHARS) {
            return "node name is too long: more than " + EpmdProtocol.MAX_NAME_CHARS + " characters";
        }
        if (req.extra().length > EpmdProtocol.MAX_SYMBOL_BYTES) {
            return "extra is too long: " + req.extra().length + " bytes";
        }
        return null;
    }

    private static ByteBuf alive2Reply(ChannelHandlerContext ctx, boolean xResp, int result, int creation) {
        ByteBuf buf = ctx.alloc().buffer(6);
        if (xResp) {
            buf.writeByte(EpmdProtocol.ALIVE2_X_RESP).writeByte(result).writeInt(creation);
        } else {
            buf.writeByte(EpmdProtocol.ALIVE2_RESP).writeByte(result).writeShort(creation);
        }
        return buf;
    }

    private void onPortPlease2(ChannelHandlerContext ctx, EpmdRequest.PortPlease2 req) {
        server.debug().log(1, "** got PORT2_REQ");
        NodeRegistry.Node node = server.registry().lookup(req.name());
        ByteBuf reply;
        if (node == null) {
            reply = ctx.alloc().buffer(2).writeByte(EpmdProtocol.PORT2_RESP).writeByte(1);
            server.debug().log(1, "** sent PORT2_RESP (error) for \"" + req.name() + "\"");
        } else {
            EpmdEntry e = node.entry();
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            byte[] extra = e.extra();
            reply = ctx.alloc().buffer(14 + name.length + extra.length)
                    .writeByte(EpmdProtocol.PORT2_RESP).writeByte(0)
                    .writeShort(e.port()).writeByte(e.nodeType()).writeByte(e.protocol())
                    .writeShort(e.highestVersion()).writeShort(e.lowestVersion())
                    .writeShort(name.length).writeBytes(name)
                    .writeShort(extra.length).writeBytes(extra);
            server.debug().log(1, "** sent PORT2_RESP (ok) for \"" + req.name() + "\"");
        }
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    private void onNames(ChannelHandlerContext ctx) {
        server.debug().log(1, "** got NAMES_REQ");
        // erl_epmd matches the port in the first segment: send it alone, first.
        ctx.writeAndFlush(ctx.alloc().buffer(4).writeInt(server.port()));
        StringBuilder lines = new StringBuilder();
        for (NodeRegistry.Node node : server.registry().registeredNodes()) {
            lines.append("name ").append(node.name()).append(" at port ").append(node.entry().port()).append('\n');
        }
        ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), lines);
        ctx.writeAndFlush(body).addListener(ChannelFutureListener.CLOSE);
        server.debug().log(1, "** sent NAMES_RESP");
    }

    private void onDump(ChannelHandlerContext ctx) {
        server.debug().log(1, "** got DUMP_REQ");
        if (!local) {
            server.debug().log(1, "DUMP_REQ from non local address");
            ctx.close();
            return;
        }
        ctx.writeAndFlush(ctx.alloc().buffer(4).writeInt(server.port()));
        StringBuilder text = new StringBuilder();
        for (NodeRegistry.Node node : server.registry().registeredNodes()) {
            text.append("active name     <").append(node.name()).append("> at port ")
                    .append(node.entry().port()).append(", fd = ").append(node.fd()).append("\n\0");
        }
        for (NodeRegistry.Node node : server.registry().unregisteredNodes()) {
            text.append("old/unused name <").append(node.name()).append(">, port = ")
                    .append(node.entry().port()).append(", fd = ").append(node.fd()).append(" \n\0");
        }
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), text)).addListener(ChannelFutureListener.CLOSE);
        server.debug().log(1, "** sent DUMP_RESP");
    }

    private void onKill(ChannelHandlerContext ctx) {
        server.debug().log(1, "** got KILL_REQ");
        if (!local) {
            server.debug().log(1, "KILL_REQ from non local address");
            ctx.close();
            return;
        }
        if (!server.relaxed() && server.registry().size() > 0) {
            server.debug().log(0, "Disallowed KILL_REQ, live nodes");
            ctx.writeAndFlush(Unpooled.wrappedBuffer(EpmdProtocol.KILL_NO)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(EpmdProtocol.KILL_OK)).addListener((ChannelFutureListener) f -> {
            f.channel().close();
            server.debug().log(0, "got KILL_REQ - terminates normal");
            server.onKill().run();
        });
    }

    private void onStop(ChannelHandlerContext ctx, EpmdRequest.Stop req) {
        server.debug().log(1, "** got STOP_REQ");
        if (!local || !server.relaxed()) {
            server.debug().log(local ? 0 : 1,
                    local ? "Disallowed STOP_REQ, no relaxed_command_check" : "STOP_REQ from non local address");
            ctx.close();
            return;
        }
        String name = new String(req.name(), StandardCharsets.UTF_8);
        NodeRegistry.Node node = server.registry().lookup(name);
        Channel owner = node == null ? null : node.channel();
        if (owner != null && server.registry().unregister(name, owner) != null) {
            server.debug().log(1, "unregistering '" + name + ":" + node.counter() + "', port " + node.entry().port());
            owner.close();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(EpmdProtocol.STOPPED)).addListener(ChannelFutureListener.CLOSE);
            server.debug().log(1, "** sent STOP_RESP STOPPED");
        } else {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(EpmdProtocol.NOEXIST, EpmdProtocol.STOPPED))
                    .addListener(ChannelFutureListener.CLOSE);
            server.debug().log(1, "** sent STOP_RESP NOEXIST");
        }
    }

    private void unregister(Channel channel) {
        NodeRegistry.Node node = server.registry().unregister(registeredName, channel);
        if (node != null) {
            server.debug().log(1, "unregistering '" + node.name() + ":" + node.counter() + "', port "
                    + node.entry().port());
        }
        registeredName = null;
    }

    private void printTables() {
        List<NodeRegistry.Node> active = server.registry().registeredNodes();
        List<NodeRegistry.Node> old = server.registry().unregisteredNodes();
        StringBuilder sb = new StringBuilder("registered nodes (" + active.size() + "):");
        for (NodeRegistry.Node n : active) {
            sb.append(" ").append(n.name()).append(":").append(n.entry().port()).append("/fd ").append(n.fd());
        }
        sb.append("; old/unused names (").append(old.size()).append("):");
        for (NodeRegistry.Node n : old) {
            sb.append(" ").append(n.name());
        }
        server.debug().log(3, sb.toString());
    }

    /**
     * OTP's rule: a peer in 127.0.0.0/8, {@code ::1}, or an address equal to the socket's own.
     * Java already turns IPv4-mapped IPv6 peers into {@code Inet4Address}.
     */
    static boolean isLocalPeer(Channel channel) {
        InetAddress peer = addressOf(channel.remoteAddress());
        InetAddress self = addressOf(channel.localAddress());
        if (peer == null) {
            return channel.remoteAddress() != null && !(channel.remoteAddress() instanceof InetSocketAddress);
        }
        return peer.isLoopbackAddress() || peer.equals(self);
    }

    private static InetAddress addressOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static int fdOf(Channel channel) {
        if (channel instanceof UnixChannel unix) {
            return unix.fd().intValue();
        }
        return PSEUDO_FD.incrementAndGet();
    }
}
