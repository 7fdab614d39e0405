package io.noderpc.client;

import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link Rpc#multicall multicall}: one {@link Reply} per node, in the order the nodes were given
 * (gen_rpc returns its {@code {Results, BadNodes}} lists reversed; these are not). Immutable.
 *
 * @param <T> the type of the results
 */
public final class MultiResult<T> {

    /**
     * One node's outcome: a result, or the failure that made it a bad node.
     *
     * @param node the link, as given (a {@code String} or {@code NodeName} becomes its plain {@code NodeKey})
     * @param value the result, possibly {@code null}; {@code null} when failed
     * @param error the failure, or {@code null} on success
     * @param <T> the type of the result
     */
    public record Reply<T>(NodeKey node, T value, RpcException error) {

        public Reply {
            Objects.requireNonNull(node, "node");
        }

        /** Whether the node answered with a result. */
        public boolean isSuccess() {
            return error == null;
        }
    }

    private final List<Reply<T>> replies;

    /** @param replies one per node, in order */
    public MultiResult(List<Reply<T>> replies) {
        this.replies = List.copyOf(replies);
    }

    /** Every node's outcome, in the order the nodes were given. */
    public List<Reply<T>> replies() {
        return replies;
    }

    /** The results of the nodes that answered, in order (gen_rpc's {@code Results}). */
    public List<T> results() {
        List<T> results = new ArrayList<>();
        for (Reply<T> reply : replies) {
            if (reply.isSuccess()) {
                results.add(reply.value());
            }
        }
        return Collections.unmodifiableList(results);
    }

    /** The nodes that answered, in order. */
    public List<NodeKey> goodNodes() {
        List<NodeKey> good = new ArrayList<>();
        for (Reply<T> reply : replies) {
            if (reply.isSuccess()) {
                good.add(reply.node());
            }
        }
        return Collections.unmodifiableList(good);
    }

    /** The nodes that did not answer with a result, in order, each with why (gen_rpc's {@code BadNodes}). */
    public Map<NodeKey, RpcException> badNodes() {
        Map<NodeKey, RpcException> bad = new LinkedHashMap<>();
        for (Reply<T> reply : replies) {
            if (!reply.isSuccess()) {
                bad.putIfAbsent(reply.node(), reply.error());
            }
        }
        return Collections.unmodifiableMap(bad);
    }

    /** Whether every node answered with a result. */
    public boolean allSucceeded() {
        return replies.stream().allMatch(Reply::isSuccess);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("MultiResult[");
        for (int i = 0; i < replies.size(); i++) {
            Reply<T> r = replies.get(i);
            b.append(i == 0 ? "" : ", ").append(r.node()).append(r.isSuccess() ? "=" + r.value()
                    : " failed: " + r.error().getClass().getSimpleName());
        }
        return b.append(']').toString();
    }
}
