package io.noderpc.node.internal;

import io.noderpc.client.Rpc;
import io.noderpc.client.RpcFuture;
import io.noderpc.core.NodeKey;
import java.time.Duration;

/**
 * Distribution-channel RPC: the {@link Rpc} API over each peer's one distribution connection. The client behind it
 * gets its links from {@link DistKernel#attach}; keys are dropped, since there is one connection per node.
 */
public final class DistRpc implements Rpc {

    private final Rpc client;

    public DistRpc(Rpc client) {
        this.client = client;
    }

    private static NodeKey plain(NodeKey key) {
        return key.isKeyed() ? NodeKey.of(key.node()) : key;
    }

    @Override
    public Duration callTimeout() {
        return client.callTimeout();
    }

    @Override
    public Rpc withTimeout(Duration timeout) {
        return new DistRpc(client.withTimeout(timeout));
    }

    @Override
    public <T> RpcFuture<T> asyncCall(NodeKey node, String service, String function, Object... args) {
        return client.asyncCall(plain(node), service, function, args);
    }

    @Override
    public void cast(NodeKey node, String service, String function, Object... args) {
        client.cast(plain(node), service, function, args);
    }

    @Override
    public void orderedCast(NodeKey node, String service, String function, Object... args) {
        client.orderedCast(plain(node), service, function, args);
    }

    @Override
    public void abcast(NodeKey node, String mailbox, Object message) {
        client.abcast(plain(node), mailbox, message);
    }

    @Override
    public RpcFuture<Boolean> sbcastAsync(NodeKey node, String mailbox, Object message) {
        return client.sbcastAsync(plain(node), mailbox, message);
    }

    @Override
    public String toString() {
        return "distRpc(" + client + ")";
    }
}
