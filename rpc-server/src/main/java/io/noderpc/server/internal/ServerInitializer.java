package io.noderpc.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.noderpc.core.Cookie;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeName;
import io.noderpc.core.handshake.ServerHandshakeHandler;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The one pipeline of an accepted connection, top to bottom:
 * <pre>
 *  handshakeDecoder .. handshake   rpc-core's link stages ({@link LinkPipeline#addLinkStages}); the handshake
 *                                  stages remove themselves once the client proved the cookie
 *  sendTimeout      SendStallHandler   closes a link whose answers go unread for sendTimeout
 *  acceptor         Acceptor           routes frames, admits work, answers
 * </pre>
 * Each accepted channel joins {@code links}; one accepted while the server drains is closed at once.
 */
public final class ServerInitializer extends ChannelInitializer<Channel> {

    public static final String SEND_TIMEOUT = "sendTimeout";
    public static final String ACCEPTOR = "acceptor";

    private final ServerContext server;
    private final ChannelGroup links;
    private final BooleanSupplier draining;
    private final Function<NodeName, Cookie> cookieOverride;

    /**
     * @param cookieOverride the cookie a given client must prove instead of the server's (null for none); called on
     *                       the event loop
     */
    public ServerInitializer(ServerContext server, ChannelGroup links, BooleanSupplier draining,
                             Function<NodeName, Cookie> cookieOverride) {
        this.server = server;
        this.links = links;
        this.draining = draining;
        this.cookieOverride = cookieOverride;
    }

    @Override
    protected void initChannel(Channel ch) {
        links.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        LinkPipeline.addLinkStages(pipeline, server.options(),
                new ServerHandshakeHandler(server.self(), server.cookie(), cookieOverride,
                        server.options().authTimeout()));
        pipeline.addLast(SEND_TIMEOUT, new SendStallHandler(server.options().sendTimeout()));
        pipeline.addLast(ACCEPTOR, new Acceptor(server));
        if (draining.getAsBoolean()) {
            ch.close();
        }
    }
}
