package io.noderpc.node.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.noderpc.core.NodeName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The first message on a distribution connection after the handshake, sent by both sides: whether the sender is a
 * hidden node, and the visible peers it is connected to (for the full mesh). It travels as an ABCAST frame to the
 * reserved mailbox {@value #MAILBOX}, with a hand-written text payload (never the value codec):
 * <pre>
 *  noderpc-intro/1
 *  hidden=true|false
 *  peers=a@host b@host ...        (may be empty)
 * </pre>
 * Anything else, or more than {@value #MAX_PEERS} peers, is malformed and closes the connection.
 *
 * @param hidden whether the sender is hidden
 * @param peers  the visible peers the sender is connected to, without the receiver
 */
record Introduction(boolean hidden, List<NodeName> peers) {

    /** The reserved mailbox name of the kernel's own messages, as Erlang's registered {@code net_kernel}. */
    static final String MAILBOX = "net_kernel";
    static final String MAGIC = "noderpc-intro/1";
    static final int MAX_PEERS = 4096;

    Introduction {
        peers = List.copyOf(peers);
    }

    ByteBuf encode(ByteBufAllocator alloc) {
        StringBuilder text = new StringBuilder(MAGIC).append("\nhidden=").append(hidden).append("\npeers=");
        for (int i = 0; i < peers.size(); i++) {
            text.append(i == 0 ? "" : " ").append(peers.get(i));
        }
        byte[] bytes = text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    /** Parses a payload (not released here). */
    static Introduction decode(ByteBuf payload) {
        String text = payload.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length != 4 || !lines[0].equals(MAGIC) || !lines[3].isEmpty()) {
            throw new IllegalArgumentException("malformed introduction: expected 3 lines starting with " + MAGIC);
        }
        boolean hidden;
        if (lines[1].equals("hidden=true")) {
            hidden = true;
        } else if (lines[1].equals("hidden=false")) {
            hidden = false;
        } else {
            throw new IllegalArgumentException("malformed introduction: bad hidden line '" + lines[1] + "'");
        }
        if (!lines[2].startsWith("peers=")) {
            throw new IllegalArgumentException("malformed introduction: bad peers line");
        }
        String list = lines[2].substring("peers=".length());
        List<NodeName> peers = new ArrayList<>();
        if (!list.isEmpty()) {
            for (String name : list.split(" ", -1)) {
                if (peers.size() == MAX_PEERS) {
                    throw new IllegalArgumentException("malformed introduction: over " + MAX_PEERS + " peers");
                }
                peers.add(NodeName.of(name));
            }
        }
        return new Introduction(hidden, peers);
    }
}
