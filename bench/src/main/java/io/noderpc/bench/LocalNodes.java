package io.noderpc.bench;

import io.noderpc.epmd.EpmdServer;
import io.noderpc.node.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * noderpc nodes in the benchmark JVM, all on 127.0.0.1, registered with an EPMD of their own on a
 * free port (never 4369), so that a run neither needs nor disturbs a host EPMD. Closing closes the
 * nodes, newest first, then the EPMD.
 */
public final class LocalNodes implements AutoCloseable {

    public static final String COOKIE = "noderpc-bench";

    private final EpmdServer epmd;
    private final List<Node> nodes = new ArrayList<>();

    private LocalNodes(EpmdServer epmd) {
        this.epmd = epmd;
    }

    /** Starts the EPMD. */
    public static LocalNodes start() {
        EpmdServer epmd = EpmdServer.builder().port(0).address(Ports.LOOPBACK).build().start();
        return new LocalNodes(epmd);
    }

    public int epmdPort() {
        return epmd.port();
    }

    /** Starts the node {@code alive@127.0.0.1} with this tick time and the default options. */
    public synchronized Node start(String alive, Duration tickTime) {
        Node node = Node.builder().name(alive + "@" + Ports.LOOPBACK).cookie(COOKIE).epmdPort(epmd.port())
                .bindInterface(Ports.LOOPBACK).tickTime(tickTime).build().start();
        nodes.add(node);
        return node;
    }

    /** Closes one node started here. */
    public synchronized void stop(Node node) {
        if (nodes.remove(node)) {
            node.close();
        }
    }

    @Override
    public synchronized void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (RuntimeException e) {
                // closing everything anyway
            }
        }
        nodes.clear();
        epmd.close();
    }
}
