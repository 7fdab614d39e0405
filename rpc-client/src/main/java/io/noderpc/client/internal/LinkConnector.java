package io.noderpc.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.noderpc.core.NodeKey;
import java.util.concurrent.CompletableFuture;

/** Opens authenticated links; the seam between a {@link ClientWorker} and the network. */
interface LinkConnector {

    /**
     * Resolves {@code key}'s node, connects on {@code loop} and runs the handshake, with {@code link} last in the
     * pipeline. The future completes with the channel once the handshake succeeded, or fails with an
     * {@link io.noderpc.core.RpcException} saying why (other exceptions are reported as connection failures).
     */
    CompletableFuture<Channel> connect(NodeKey key, EventLoop loop, ChannelHandler link);
}
