package io.noderpc.core.handshake;

import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;

/**
 * User event fired by a handshake handler when the link is authenticated, just before it removes itself and the
 * handshake codec. Frames may flow from then on.
 *
 * @param peer the node at the other end
 * @param protocolVersion the protocol version agreed
 * @param key the link key the client asked for, or {@code null} for the plain node link
 */
public record HandshakeCompletedEvent(NodeName peer, int protocolVersion, String key) {

    /**
     * The link as the client sees it: the server's node and the key. On the server side, where {@link #peer()} is
     * the client, this is the client's node and the key of its link.
     */
    public NodeKey nodeKey() {
        return NodeKey.of(peer, key);
    }
}
