package io.noderpc.client;

import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an {@link Rpc#sbcast sbcast}: the nodes where a mailbox of that name received the message, and the
 * others with why ({@link io.noderpc.core.NoSuchFunctionException} if the node has no such mailbox, else the link's
 * failure or {@link io.noderpc.core.RpcTimeoutException}). Both in the order the nodes were given.
 *
 * @param goodNodes the nodes whose mailbox received the message
 * @param badNodes the other nodes, each with why
 */
public record SbcastResult(List<NodeKey> goodNodes, Map<NodeKey, RpcException> badNodes) {

    public SbcastResult {
        goodNodes = List.copyOf(goodNodes);
        badNodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(badNodes));
    }
}
