package io.noderpc.client.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.channel.EventLoopGroup;
import io.noderpc.client.DataPortRecord;
import io.noderpc.client.DataPortResolver;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdConnectException;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdException;
import io.noderpc.epmd.EpmdTimeoutException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Data-port discovery through EPMD: a PORT_PLEASE2 lookup of the node's alive name on the EPMD of the node's host,
 * whose Extra must hold a {@link DataPortRecord}. One {@link EpmdClient} per host (at most {@value #MAX_HOSTS}, the
 * least recently used closed beyond), on the client's event loops; clients are made on the executor, since making
 * one resolves the host name.
 */
public final class EpmdDataPorts implements DataPortResolver, AutoCloseable {

    static final int MAX_HOSTS = 256;

    private final int epmdPort;
    private final EventLoopGroup group;
    private final Executor executor;
    private final Duration connectTimeout;
    private final Cache<String, EpmdClient> clients;

    /**
     * @param epmdPort the EPMD port on every host
     * @param group the event loops the EPMD clients run on (never shut down here)
     * @param executor makes clients and resolves host names (may block on DNS)
     * @param connectTimeout the EPMD connect timeout
     */
    public EpmdDataPorts(int epmdPort, EventLoopGroup group, Executor executor, Duration connectTimeout) {
        this.epmdPort = epmdPort;
        this.group = group;
        this.executor = executor;
        this.connectTimeout = connectTimeout;
        this.clients = Caffeine.newBuilder()
                .maximumSize(MAX_HOSTS)
                .executor(Runnable::run)
                .<String, EpmdClient>removalListener((host, client, cause) -> {
                    if (client != null) {
                        client.close();
                    }
                })
                .build();
    }

    @Override
    public CompletableFuture<InetSocketAddress> resolve(NodeName node) {
        String host = node.host();
        String where = "EPMD at " + host + ":" + epmdPort;
        return CompletableFuture.supplyAsync(() -> clients.get(host, this::newClient), executor)
                .thenCompose(client -> client.lookupAsync(node.alive()))
                .thenCompose(entry -> StaticDataPorts.address(host, dataPort(node, where, entry), executor))
                .handle((address, failure) -> {
                    if (failure == null) {
                        return address;
                    }
                    throw failure(node, where, Errors.unwrap(failure));
                });
    }

    private EpmdClient newClient(String host) {
        return EpmdClient.create(EpmdClientOptions.builder()
                .host(host)
                .port(epmdPort)
                .connectTimeout(connectTimeout)
                .eventLoopGroup(group)
                .build());
    }

    static int dataPort(NodeName node, String where, Optional<EpmdEntry> found) {
        EpmdEntry entry = found.orElseThrow(() -> new ConnectFailedException(node + " is not registered in "
                + where + "; is the node running? (or configure its data port statically)"));
        Optional<DataPortRecord> record;
        try {
            record = DataPortRecord.parse(entry.extra());
        } catch (IllegalArgumentException e) {
            throw new BadNodeException(node + " is registered in " + where + " with a broken noderpc record: "
                    + e.getMessage());
        }
        return record.orElseThrow(() -> new BadNodeException(node + " is registered in EPMD but is not a noderpc"
                + " node: its registration in " + where + " (port " + entry.port() + ") has no '"
                + DataPortRecord.PREFIX + "...' record in its Extra; it may be a plain Erlang node")).dataPort();
    }

    private static RuntimeException failure(NodeName node, String where, Throwable cause) {
        if (cause instanceof RpcException) {
            return (RpcException) cause;
        }
        String what = "cannot look up the data port of " + node + " in " + where + ": ";
        if (cause instanceof EpmdTimeoutException) {
            return new RpcTimeoutException(what + cause.getMessage(), cause);
        }
        if (cause instanceof EpmdConnectException) {
            return new ConnectFailedException(what + cause.getMessage() + "; is epmd running on that host?", cause);
        }
        if (cause instanceof EpmdException || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException) {
            return new ConnectFailedException(what + cause.getMessage(), cause);
        }
        return new ConnectFailedException(what + cause, cause);
    }

    @Override
    public void close() {
        clients.invalidateAll();
        clients.cleanUp();
    }
}
