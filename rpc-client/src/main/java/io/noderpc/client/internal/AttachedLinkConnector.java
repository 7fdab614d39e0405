package io.noderpc.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.noderpc.client.LinkAttacher;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Links on channels someone else owns: asks the {@link LinkAttacher} instead of connecting. */
final class AttachedLinkConnector implements LinkConnector {

    private final LinkAttacher attacher;

    AttachedLinkConnector(LinkAttacher attacher) {
        this.attacher = attacher;
    }

    @Override
    public CompletableFuture<Channel> connect(NodeKey key, EventLoop loop, ChannelHandler link) {
        CompletableFuture<Channel> attached;
        try {
            attached = attacher.attach(key, loop, link);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure(key, e));
        }
        if (attached == null) {
            return CompletableFuture.failedFuture(new ConnectFailedException("the LinkAttacher returned no future"
                    + " for " + key));
        }
        return attached.handle((channel, failure) -> {
            if (failure != null) {
                throw new CompletionException(failure(key, failure));
            }
            if (channel == null) {
                throw new CompletionException(new ConnectFailedException("the LinkAttacher"
                        + " completed without a channel for " + key));
            }
            return channel;
        });
    }

    private static RpcException failure(NodeKey key, Throwable failure) {
        Throwable cause = Errors.unwrap(failure);
        return cause instanceof RpcException ? (RpcException) cause
                : new ConnectFailedException("cannot attach a link to " + key + ": " + cause, cause);
    }
}
