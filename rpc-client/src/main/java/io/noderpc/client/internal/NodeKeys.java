package io.noderpc.client.internal;

import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Turns the node lists of the multi-node calls into links. */
public final class NodeKeys {

    private NodeKeys() {
    }

    /**
     * The link of each element, in order.
     *
     * @throws IllegalArgumentException if an element is not a String, NodeName or NodeKey, or not a valid name
     */
    public static List<NodeKey> of(Collection<?> nodes) {
        Objects.requireNonNull(nodes, "nodes");
        List<NodeKey> keys = new ArrayList<>(nodes.size());
        for (Object node : nodes) {
            keys.add(of(node));
        }
        return keys;
    }

    /** The link of one node given as a String, NodeName or NodeKey. */
    public static NodeKey of(Object node) {
        if (node instanceof NodeKey key) {
            return key;
        }
        if (node instanceof NodeName name) {
            return NodeKey.of(name);
        }
        if (node instanceof String name) {
            return NodeKey.of(name);
        }
        throw new IllegalArgumentException("a node is given as a String, NodeName or NodeKey, not "
                + (node == null ? "null" : "a " + node.getClass().getName()));
    }
}
