package io.noderpc.client.internal;

import io.netty.util.NetUtil;
import io.noderpc.client.DataPortResolver;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeName;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Data ports configured per node (gen_rpc's {@code client_config_per_node}), in front of a discovery resolver used
 * for every other node. Host names are resolved on the executor, never on the caller's thread.
 */
public final class StaticDataPorts implements DataPortResolver {

    /**
     * A configured address: a host, or {@code null} for the node's own host, and a port.
     *
     * @param host the host name or IP literal, {@code null} for the node's host
     * @param port 1..65535
     */
    public record HostPort(String host, int port) {

        public HostPort {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1..65535: " + port);
            }
            if (host != null && host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
        }

        /**
         * Parses {@code host:port}, {@code [ipv6]:port} or a bare {@code port} (the node's own host).
         *
         * @throws IllegalArgumentException naming what is wrong
         */
        public static HostPort parse(String text) {
            Objects.requireNonNull(text, "address");
            String t = text.strip();
            int colon = t.lastIndexOf(':');
            String host = colon < 0 ? null : t.substring(0, colon);
            String port = colon < 0 ? t : t.substring(colon + 1);
            if (host != null && host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host != null && host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:5370");
            }
            if (host != null && host.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty host; write host:port or port");
            }
            try {
                return new HostPort(host, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not host:port or port: '" + port
                        + "' is not a port number", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
            }
        }
    }

    private final Map<NodeName, HostPort> ports;
    private final DataPortResolver discovery;
    private final Executor executor;

    /**
     * @param ports the configured nodes
     * @param discovery resolves every other node
     * @param executor resolves host names (may block on DNS)
     */
    public StaticDataPorts(Map<NodeName, HostPort> ports, DataPortResolver discovery, Executor executor) {
        this.ports = Map.copyOf(ports);
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public CompletableFuture<InetSocketAddress> resolve(NodeName node) {
        HostPort configured = ports.get(node);
        if (configured == null) {
            return discovery.resolve(node);
        }
        String host = configured.host() != null ? configured.host() : node.host();
        return address(host, configured.port(), executor);
    }

    /** The resolved address of {@code host:port}: at once for an IP literal, else by a DNS lookup on the executor. */
    static CompletableFuture<InetSocketAddress> address(String host, int port, Executor executor) {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return CompletableFuture.completedFuture(new InetSocketAddress(literal, port));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new ConnectFailedException("unknown host '" + host + "': " + e.getMessage(), e);
            }
        }, executor);
    }
}
