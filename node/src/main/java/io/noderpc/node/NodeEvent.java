package io.noderpc.node;

import io.noderpc.core.NodeName;
import java.util.Objects;

/**
 * A change of a distribution connection, as Erlang's {@code {nodeup, Node}} and {@code {nodedown, Node, Info}}
 * messages of {@code net_kernel:monitor_nodes/2}.
 *
 * @param type   up or down
 * @param node   the peer
 * @param hidden whether the peer is a hidden node (one-shot clients, not part of the mesh)
 * @param reason why the node went down ({@code connection_closed}, {@code net_tick_timeout}, {@code disconnect},
 *               {@code connect_failed: ...}); empty for an up event
 */
public record NodeEvent(Type type, NodeName node, boolean hidden, String reason) {

    /** What happened. */
    public enum Type {
        /** The distribution connection to the node is up: authenticated, introduced. */
        UP,
        /** The connection is gone: closed, silent for the tick time, disconnected, or never established. */
        DOWN
    }

    /** Reason: the peer closed the connection, or it broke (process killed, host rebooted). */
    public static final String CONNECTION_CLOSED = "connection_closed";
    /** Reason: nothing arrived from the peer for the tick time. */
    public static final String NET_TICK_TIMEOUT = "net_tick_timeout";
    /** Reason: this node disconnected ({@link Node#disconnect}). */
    public static final String DISCONNECT = "disconnect";

    /** Checks the fields. */
    public NodeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
    }

    /** An up event. */
    public static NodeEvent up(NodeName node, boolean hidden) {
        return new NodeEvent(Type.UP, node, hidden, "");
    }

    /** A down event. */
    public static NodeEvent down(NodeName node, boolean hidden, String reason) {
        return new NodeEvent(Type.DOWN, node, hidden, reason);
    }

    /** Whether this is a {@link Type#UP} event. */
    public boolean isUp() {
        return type == Type.UP;
    }

    @Override
    public String toString() {
        return type == Type.UP ? "nodeup " + node + (hidden ? " (hidden)" : "")
                : "nodedown " + node + (hidden ? " (hidden)" : "") + ": " + reason;
    }
}
