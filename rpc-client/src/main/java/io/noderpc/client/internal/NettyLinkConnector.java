package io.noderpc.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.noderpc.client.DataPortResolver;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.Cookie;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.core.handshake.ClientHandshakeHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Opens data links: resolve the data port, connect, handshake. The one pipeline initializer of the client side:
 * <pre>
 *  (rpc-core link stages: handshake codec, frame codec, chunking, handshake; see LinkPipeline)
 *  idle   IdleStateHandler   fires a reader-idle event after pingInterval without input (absent if never)
 *  link   Link               correlation, pings, link loss
 * </pre>
 */
final class NettyLinkConnector implements LinkConnector {

    /** Name of the idle detection stage. */
    static final String IDLE = "idle";
    /** Name of the client's application stage. */
    static final String LINK = "link";

    private final NodeName self;
    private final Function<NodeName, Cookie> cookies;
    private final RpcOptions options;
    private final DataPortResolver resolver;
    private final Class<? extends SocketChannel> channelClass;

    NettyLinkConnector(NodeName self, Function<NodeName, Cookie> cookies, RpcOptions options,
                       DataPortResolver resolver, Class<? extends SocketChannel> channelClass) {
        this.self = self;
        this.cookies = cookies;
        this.options = options;
        this.resolver = resolver;
        this.channelClass = channelClass;
    }

    @Override
    public CompletableFuture<Channel> connect(NodeKey key, EventLoop loop, ChannelHandler link) {
        CompletableFuture<InetSocketAddress> address;
        try {
            address = resolver.resolve(key.node());
            if (address == null) {
                throw new ConnectFailedException("the data port resolver returned no answer for " + key.node());
            }
        } catch (RuntimeException e) {
            address = CompletableFuture.failedFuture(e);
        }
        return address.handle((a, failure) -> {
            if (failure != null) {
                Throwable cause = Errors.unwrap(failure);
                return CompletableFuture.<Channel>failedFuture(cause instanceof RpcException ? cause
                        : new ConnectFailedException("cannot find the data port of " + key.node() + ": " + cause,
                        cause));
            }
            return open(key, a, loop, link);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Channel> open(NodeKey key, InetSocketAddress address, EventLoop loop,
                                            ChannelHandler link) {
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new ConnectFailedException("the data port resolver gave "
                    + key.node() + " an unresolved address " + address));
        }
        Cookie cookie = cookies.apply(key.node());
        ClientHandshakeHandler handshake = new ClientHandshakeHandler(self, cookie, key, options.authTimeout());
        CompletableFuture<Channel> result = new CompletableFuture<>();
        long pingMillis = options.pingInterval().toMillis();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline pipeline = ch.pipeline();
                        LinkPipeline.addLinkStages(pipeline, options, handshake);
                        if (pingMillis > 0) {
                            pipeline.addLast(IDLE, new IdleStateHandler(pingMillis, 0, 0, TimeUnit.MILLISECONDS));
                        }
                        pipeline.addLast(LINK, link);
                    }
                });
        ChannelFuture connected = bootstrap.connect(address);
        connected.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(connectFailure(key, address, f.cause()));
                return;
            }
            handshake.handshakeFuture().whenComplete((event, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(Errors.unwrap(failure));
                } else {
                    result.complete(f.channel());
                }
            });
        });
        return result;
    }

    private RpcException connectFailure(NodeKey key, InetSocketAddress address, Throwable cause) {
        String where = key + " at " + address.getHostString() + ":" + address.getPort();
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return new RpcTimeoutException("connecting to " + where + " timed out after "
                    + options.connectTimeout().toMillis() + " ms (connectTimeout); the host is unreachable", cause);
        }
        if (cause instanceof java.net.ConnectException) {
            return new ConnectFailedException("cannot connect to " + where + ": connection refused; is the node"
                    + " running, and is this its data port?", cause);
        }
        return new ConnectFailedException("cannot connect to " + where + ": " + cause, cause);
    }
}
