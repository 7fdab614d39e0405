package io.noderpc.node.internal;

import io.netty.channel.EventLoopGroup;
import io.noderpc.client.DataPortRecord;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdConnectException;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdTimeoutException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Finds a peer through the EPMD of its host: one PORT_PLEASE2 gives its distribution port and, in the Extra, its
 * data port. An entry without a {@link DataPortRecord} is not a noderpc node ({@link BadNodeException}). One
 * {@link EpmdClient} per host, at most {@value #MAX_HOSTS} (the least recently used closed beyond). Host names are
 * resolved on {@code blocking}, never on an event loop.
 */
public final class PeerLookup implements AutoCloseable {

    static final int MAX_HOSTS = 64;

    /** Where a peer listens. */
    public record Peer(NodeName node, InetAddress address, int distPort, int dataPort) {
        /** The distribution listener's address. */
        public InetSocketAddress dist() {
            return new InetSocketAddress(address, distPort);
        }

        /** The data server's address. */
        public InetSocketAddress data() {
            return new InetSocketAddress(address, dataPort);
        }
    }

    private final int epmdPort;
    private final EventLoopGroup group;
    private final Executor blocking;
    private final Duration connectTimeout;
    private final Map<String, EpmdClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EpmdClient> eldest) {
            if (size() > MAX_HOSTS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    private boolean closed;

    public PeerLookup(int epmdPort, EventLoopGroup group, Executor blocking, Duration connectTimeout) {
        this.epmdPort = epmdPort;
        this.group = group;
        this.blocking = blocking;
        this.connectTimeout = connectTimeout;
    }

    /** Looks {@code node} up; fails with {@link ConnectFailedException}, {@link BadNodeException} or a timeout. */
    public CompletableFuture<Peer> lookup(NodeName node) {
        String where = "epmd at " + node.host() + ":" + epmdPort;
        return CompletableFuture.supplyAsync(() -> client(node.host()), blocking)
                .thenCompose(client -> client.lookupAsync(node.alive())
                        .thenApplyAsync(found -> peer(node, where, found, client.options().host()), blocking))
                .exceptionally(failure -> {
                    throw new CompletionException(failure(node, where, unwrap(failure)));
                });
    }

    private synchronized EpmdClient client(String host) {
        if (closed) {
            throw new ConnectFailedException("the node is shutting down");
        }
        return clients.computeIfAbsent(host, h -> EpmdClient.create(EpmdClientOptions.builder().host(h).port(epmdPort)
                .connectTimeout(connectTimeout).eventLoopGroup(group).build()));
    }

    private Peer peer(NodeName node, String where, Optional<EpmdEntry> found, String host) {
        EpmdEntry entry = found.orElseThrow(() -> new ConnectFailedException(node + " is not registered in " + where
                + "; is the node running?"));
        Optional<DataPortRecord> record;
        try {
            record = DataPortRecord.parse(entry.extra());
        } catch (IllegalArgumentException e) {
            throw new BadNodeException(node + " is registered in " + where + " with a broken noderpc record: "
                    + e.getMessage());
        }
        int dataPort = record.orElseThrow(() -> new BadNodeException(node + " is not a noderpc node: its"
                + " registration in " + where + " (port " + entry.port() + ") has no '" + DataPortRecord.PREFIX
                + "...' record; it may be a plain Erlang node")).dataPort();
        try {
            return new Peer(node, InetAddress.getByName(host), entry.port(), dataPort);
        } catch (UnknownHostException e) {
            throw new ConnectFailedException("unknown host " + host + " of " + node, e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static RpcException failure(NodeName node, String where, Throwable cause) {
        if (cause instanceof RpcException rpc) {
            return rpc;
        }
        String what = "cannot look up " + node + " in " + where + ": ";
        if (cause instanceof EpmdTimeoutException) {
            return new RpcTimeoutException(what + cause.getMessage(), cause);
        }
        if (cause instanceof EpmdConnectException) {
            return new ConnectFailedException(what + cause.getMessage() + "; is epmd running on that host?", cause);
        }
        return new ConnectFailedException(what + cause.getMessage(), cause);
    }

    /** Closes every EPMD client. */
    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(EpmdClient::close);
        clients.clear();
    }
}
