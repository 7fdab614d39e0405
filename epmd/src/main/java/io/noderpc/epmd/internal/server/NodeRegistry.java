package io.noderpc.epmd.internal.server;

import io.netty.channel.Channel;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.internal.EpmdProtocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The table of registered nodes and remembered unregistered names, with OTP's creation numbering.
 *
 * <p>Each name owns a 32-bit counter. A name seen for the first time starts from the current Unix
 * time; every registration bumps it ({@code counter++}, and never below 4). Unregistered names are
 * remembered (at most {@code maxUnregistered}, plus one) so that a node re-registering gets a
 * creation different from its previous incarnation; past the bound, the oldest remembered entry is
 * recycled for a brand-new name with its counter as it was, as OTP does.
 *
 * <p>Thread-safe: every public method holds the registry's monitor.
 */
public final class NodeRegistry {

    /** A registered (or remembered) node. */
    public static final class Node {
        private String name;
        private EpmdEntry entry;
        private Channel channel;
        private int fd;
        private long counter;

        public String name() {
            return name;
        }

        public EpmdEntry entry() {
            return entry;
        }

        public Channel channel() {
            return channel;
        }

        public int fd() {
            return fd;
        }

        /** The raw 32-bit creation counter. */
        public long counter() {
            return counter;
        }

        /** The creation handed to a node that registered with the given highest version. */
        public int creationFor(int highestVersion) {
            return highestVersion >= EpmdProtocol.X_RESP_MIN_VERSION
                    ? (int) counter
                    : (int) (counter % 3 + 1);
        }
    }

    /** Registered nodes in registration order, oldest first. */
    private final LinkedHashMap<String, Node> registered = new LinkedHashMap<>();
    /** Unregistered names in unregistration order, oldest first. */
    private final LinkedHashMap<String, Node> unregistered = new LinkedHashMap<>();
    private final int maxUnregistered;
    private final LongSupplier unixSeconds;

    public NodeRegistry(int maxUnregistered, LongSupplier unixSeconds) {
        this.maxUnregistered = maxUnregistered;
        this.unixSeconds = unixSeconds;
    }

    public synchronized boolean isRegistered(String name) {
        return registered.containsKey(name);
    }

    public synchronized Node lookup(String name) {
        return registered.get(name);
    }

    public synchronized int size() {
        return registered.size();
    }

    /**
     * Registers a name that is not registered yet.
     *
     * @throws IllegalStateException if the name is taken (callers check first)
     */
    public synchronized Node register(EpmdEntry entry, Channel channel, int fd) {
        String name = entry.name();
        if (registered.containsKey(name)) {
            throw new IllegalStateException("name already registered: " + name);
        }
        Node node = unregistered.remove(name);
        if (node == null) {
            if (unregistered.size() > maxUnregistered) {
                Iterator<Node> oldest = unregistered.values().iterator();
                node = oldest.next();
                oldest.remove();
            } else {
                node = new Node();
                node.counter = unixSeconds.getAsLong() & 0xFFFF_FFFFL;
                bump(node);
            }
        } else {
            bump(node);
        }
        node.name = name;
        node.entry = entry;
        node.channel = channel;
        node.fd = fd;
        registered.put(name, node);
        return node;
    }

    /**
     * Unregisters the node registered under {@code name} through {@code channel}; a no-op when the
     * name is not registered or belongs to another connection.
     *
     * @return the node unregistered, or null
     */
    public synchronized Node unregister(String name, Channel channel) {
        Node node = registered.get(name);
        if (node == null || node.channel != channel) {
            return null;
        }
        registered.remove(name);
        node.channel = null;
        unregistered.put(name, node);
        return node;
    }

    /** Registered nodes, most recently registered first. */
    public synchronized List<Node> registeredNodes() {
        List<Node> nodes = new ArrayList<>(registered.values());
        Collections.reverse(nodes);
        return nodes;
    }

    /** Remembered unregistered names, oldest first. */
    public synchronized List<Node> unregisteredNodes() {
        return new ArrayList<>(unregistered.values());
    }

    private static void bump(Node node) {
        node.counter = (node.counter + 1) & 0xFFFF_FFFFL;
        if (node.counter < 4) {
            node.counter = 4;
        }
    }
}
