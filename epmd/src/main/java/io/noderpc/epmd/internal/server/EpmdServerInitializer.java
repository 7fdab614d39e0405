package io.noderpc.epmd.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one EPMD connection, top to bottom:
 * <ol>
 *   <li>{@value #PACKET_TIMEOUT}: closes a connection that has read nothing for the packet timeout
 *       (removed once the connection holds a registration);</li>
 *   <li>{@value #HEX_DUMP}: with debug level 2 or more, a hex dump of every read;</li>
 *   <li>{@value #DECODER}: {@link EpmdRequestDecoder};</li>
 *   <li>{@value #HANDLER}: {@link EpmdServerHandler}.</li>
 * </ol>
 * A connection beyond {@code maxConnections} is closed at once, as OTP's epmd does when its
 * descriptor table is full.
 */
public final class EpmdServerInitializer extends ChannelInitializer<Channel> {

    public static final String PACKET_TIMEOUT = "packetTimeout";
    public static final String HEX_DUMP = "hexDump";
    public static final String DECODER = "requestDecoder";
    public static final String HANDLER = "requestHandler";

    private final ServerContext server;

    public EpmdServerInitializer(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (server.connections().size() >= server.maxConnections()) {
            server.debug().log(1, "failed opening connection: " + server.maxConnections() + " connections open");
            ch.close();
            return;
        }
        server.connections().add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast(PACKET_TIMEOUT, new IdleStateHandler(server.packetTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        if (server.debug().enabled(2)) {
            p.addLast(HEX_DUMP, new HexDumpHandler(server.debug()));
        }
        p.addLast(DECODER, new EpmdRequestDecoder());
        p.addLast(HANDLER, new EpmdServerHandler(server));
    }

    /** Logs every buffer read, as OTP's epmd does from debug level 2. */
    static final class HexDumpHandler extends ChannelInboundHandlerAdapter {
        private final DebugLog debug;

        HexDumpHandler(DebugLog debug) {
            this.debug = debug;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                debug.log(2, "got " + buf.readableBytes() + " bytes\r\n" + ByteBufUtil.prettyHexDump(buf));
            }
            ctx.fireChannelRead(msg);
        }
    }
}
