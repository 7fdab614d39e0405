package io.noderpc.core;

import io.noderpc.core.internal.WireStrings;
import java.util.Objects;

/**
 * Identifies one data link: a node, and optionally a key. Each distinct {@code NodeKey} gets its own connection,
 * client worker and server acceptor (gen_rpc's {@code {Node, Key}}), so traffic on one key never queues behind
 * another's. A {@code null} key is the plain node link.
 *
 * @param node the remote node
 * @param key the link key, or {@code null} for the plain node link; when present, 1 to
 *            {@value WireStrings#MAX_STR8} bytes of UTF-8 without control characters (it is sent in the handshake)
 */
public record NodeKey(NodeName node, String key) {

    public NodeKey {
        Objects.requireNonNull(node, "node");
        if (key != null) {
            WireStrings.checkName(key, "link key");
        }
    }

    /** The plain link to {@code node}. */
    public static NodeKey of(NodeName node) {
        return new NodeKey(node, null);
    }

    /** The plain link to {@code node}, parsed with {@link NodeName#of(String)}. */
    public static NodeKey of(String node) {
        return new NodeKey(NodeName.of(node), null);
    }

    /** The link to {@code node} keyed by {@code key} ({@code null} for the plain link). */
    public static NodeKey of(NodeName node, String key) {
        return new NodeKey(node, key);
    }

    /** The link to {@code node} keyed by {@code key} ({@code null} for the plain link). */
    public static NodeKey of(String node, String key) {
        return new NodeKey(NodeName.of(node), key);
    }

    /** Whether this is a keyed link rather than the plain node link. */
    public boolean isKeyed() {
        return key != null;
    }

    /** {@code node} for the plain link, {@code node/key} for a keyed one. */
    @Override
    public String toString() {
        return key == null ? node.toString() : node + "/" + key;
    }
}
