package io.noderpc.client.internal;

import io.noderpc.client.MultiResult;
import io.noderpc.client.Rpc;
import io.noderpc.client.RpcFuture;
import io.noderpc.client.SbcastResult;
import io.noderpc.core.NoSuchFunctionException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Multicall and sbcast over any {@link Rpc}: every request is started before any is awaited, so all share one
 * deadline (each request's own, which all start together).
 */
public final class Broadcasts {

    private Broadcasts() {
    }

    public static <T> MultiResult<T> multicall(Rpc rpc, List<NodeKey> nodes, String service, String function,
                                               Object... args) {
        List<RpcFuture<T>> futures = new ArrayList<>(nodes.size());
        for (NodeKey node : nodes) {
            futures.add(rpc.asyncCall(node, service, function, args));
        }
        List<MultiResult.Reply<T>> replies = new ArrayList<>(nodes.size());
        for (int i = 0; i < futures.size(); i++) {
            RpcFuture<T> future = futures.get(i);
            try {
                replies.add(new MultiResult.Reply<>(nodes.get(i), future.await(), null));
            } catch (RpcException e) {
                if (Thread.currentThread().isInterrupted()) {
                    futures.forEach(RpcFuture::cancel);
                    throw e;
                }
                replies.add(new MultiResult.Reply<>(nodes.get(i), null, e));
            } catch (CancellationException e) {
                replies.add(new MultiResult.Reply<>(nodes.get(i), null, new RpcException("call cancelled", e)));
            }
        }
        return new MultiResult<>(replies);
    }

    public static SbcastResult sbcast(Rpc rpc, List<NodeKey> nodes, String mailbox, Object message) {
        List<RpcFuture<Boolean>> futures = new ArrayList<>(nodes.size());
        for (NodeKey node : nodes) {
            futures.add(rpc.sbcastAsync(node, mailbox, message));
        }
        List<NodeKey> good = new ArrayList<>();
        Map<NodeKey, RpcException> bad = new LinkedHashMap<>();
        for (int i = 0; i < futures.size(); i++) {
            NodeKey node = nodes.get(i);
            try {
                if (Boolean.TRUE.equals(futures.get(i).await())) {
                    good.add(node);
                } else {
                    bad.putIfAbsent(node, new NoSuchFunctionException("node " + node + " has no mailbox named '"
                            + mailbox + "'"));
                }
            } catch (RpcException e) {
                if (Thread.currentThread().isInterrupted()) {
                    futures.forEach(RpcFuture::cancel);
                    throw e;
                }
                bad.putIfAbsent(node, e);
            } catch (CancellationException e) {
                bad.putIfAbsent(node, new RpcException("sbcast cancelled", e));
            }
        }
        return new SbcastResult(good, bad);
    }
}
