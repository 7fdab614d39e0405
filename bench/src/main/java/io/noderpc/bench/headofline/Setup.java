package io.noderpc.bench.headofline;

import io.noderpc.client.Rpc;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.node.Node;

/** Where the bulk messages and the small calls of the headofline scenario travel. */
enum Setup {

    /** (b) bulk on the plain data link, small calls on a keyed data link of their own: noderpc as meant. */
    DATA_KEYED("data_keyed", "(b) bulk on the data channel's plain link, small calls on a separate keyed data link "
            + "(NodeKey.of(node, \"control\"))"),
    /** (c) bulk and small calls on the same data link: only chunking lets the small calls through. */
    DATA_SHARED("data_shared", "(c) bulk and small calls on the same data link; chunks of 64 KiB interleave them"),
    /** (a) everything on the distribution channel, with the ticks: Erlang's default. */
    DIST("dist", "(a) bulk and small calls on the distribution channel (Node.distRpc()), the connection that "
            + "carries the ticks, as Erlang's rpc does");

    static final String CONTROL_KEY = "control";

    private final String competitor;
    private final String description;

    Setup(String competitor, String description) {
        this.competitor = competitor;
        this.description = description;
    }

    String competitor() {
        return competitor;
    }

    String description() {
        return description;
    }

    static Setup of(String competitor) {
        for (Setup s : values()) {
            if (s.competitor.equals(competitor)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no set-up " + competitor);
    }

    Rpc bulkRpc(Node from) {
        return this == DIST ? from.distRpc() : from.rpc();
    }

    Rpc smallRpc(Node from) {
        return this == DIST ? from.distRpc() : from.rpc();
    }

    NodeKey bulkLink(NodeName to) {
        return NodeKey.of(to);
    }

    NodeKey smallLink(NodeName to) {
        return this == DATA_KEYED ? NodeKey.of(to, CONTROL_KEY) : NodeKey.of(to);
    }
}
