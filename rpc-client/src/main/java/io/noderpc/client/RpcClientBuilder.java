package io.noderpc.client;

import io.netty.channel.EventLoopGroup;
import io.noderpc.client.internal.StaticDataPorts.HostPort;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.core.internal.Transports;
import io.noderpc.epmd.EpmdClientOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Builds an {@link RpcClient}. Setters validate at once ({@link IllegalArgumentException} naming the setting);
 * {@link #build()} checks that the required settings are there. Not thread-safe; a builder may build several
 * clients.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link #self}</td><td>required: this node's name, sent in the handshake</td></tr>
 *   <tr><td>{@link #cookie}</td><td>required (unless links are attached): the cookie proved to every node,
 *       unless overridden for it by {@link #nodeCookie} or {@link #cookieOverride}</td></tr>
 *   <tr><td>{@link #linkAttacher}</td><td>none: the client opens its own data connections</td></tr>
 *   <tr><td>{@link #options}</td><td>{@link RpcOptions#defaults()} (system properties {@code noderpc.*})</td></tr>
 *   <tr><td>{@link #codec}</td><td>a new {@link ForyCodec} with no registered classes</td></tr>
 *   <tr><td>{@link #dataPort}</td><td>none: every node's data port is discovered</td></tr>
 *   <tr><td>{@link #dataPortResolver}</td><td>EPMD on the node's host, port {@link #epmdPort}</td></tr>
 *   <tr><td>{@link #epmdPort}</td><td>{@code ERL_EPMD_PORT}, else 4369</td></tr>
 *   <tr><td>{@link #eventLoopGroup}</td><td>the client's own: {@link #ioThreads} daemon threads, epoll on Linux
 *       (NIO with {@code -Dnoderpc.nio=true}), shut down by {@link RpcClient#close()}</td></tr>
 *   <tr><td>{@link #callbackExecutor}</td><td>the client's own pool of daemon threads (as many as
 *       processors, at least 2), shut down by {@link RpcClient#close()}</td></tr>
 *   <tr><td>{@link #maxQueuedPerLink}</td><td>{@value #DEFAULT_MAX_QUEUED_PER_LINK}</td></tr>
 *   <tr><td>{@link #maxUnsentBytesPerLink}</td><td>{@value #DEFAULT_MAX_UNSENT_BYTES_PER_LINK} (64 MiB)</td></tr>
 *   <tr><td>{@link #reconnectBackoff}</td><td>{@link #DEFAULT_BACKOFF_MIN} doubling to
 *       {@link #DEFAULT_BACKOFF_MAX}</td></tr>
 * </table>
 */
public final class RpcClientBuilder {

    /** Default of {@link #maxQueuedPerLink}. */
    public static final int DEFAULT_MAX_QUEUED_PER_LINK = 8192;
    /** Default of {@link #maxUnsentBytesPerLink}: 64 MiB. */
    public static final long DEFAULT_MAX_UNSENT_BYTES_PER_LINK = 64L << 20;
    /** Default first reconnection delay. */
    public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(100);
    /** Default longest reconnection delay. */
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(5);

    NodeName self;
    Cookie cookie;
    final Map<NodeName, Cookie> nodeCookies = new LinkedHashMap<>();
    Function<NodeName, Cookie> cookieOverride;
    RpcOptions options;
    Codec codec;
    final Map<NodeName, HostPort> dataPorts = new LinkedHashMap<>();
    DataPortResolver resolver;
    int epmdPort = EpmdClientOptions.defaultPort();
    boolean epmdPortSet;
    LinkAttacher attacher;
    EventLoopGroup group;
    int ioThreads = Runtime.getRuntime().availableProcessors();
    Executor callbackExecutor;
    int maxQueuedPerLink = DEFAULT_MAX_QUEUED_PER_LINK;
    long maxUnsentBytesPerLink = DEFAULT_MAX_UNSENT_BYTES_PER_LINK;
    Duration backoffMin = DEFAULT_BACKOFF_MIN;
    Duration backoffMax = DEFAULT_BACKOFF_MAX;

    RpcClientBuilder() {
    }

    /** This node's name, sent in the handshake. Required. */
    public RpcClientBuilder self(NodeName self) {
        this.self = Objects.requireNonNull(self, "self");
        return this;
    }

    /** This node's name, parsed with {@link NodeName#of(String)}. Required. */
    public RpcClientBuilder self(String self) {
        return self(NodeName.of(self));
    }

    /** The cookie proved to every node without an override. Required. */
    public RpcClientBuilder cookie(Cookie cookie) {
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        return this;
    }

    /** The cookie for one node (Erlang's {@code erlang:set_cookie(Node, Cookie)}). */
    public RpcClientBuilder nodeCookie(NodeName node, Cookie cookie) {
        nodeCookies.put(Objects.requireNonNull(node, "node"), Objects.requireNonNull(cookie, "cookie"));
        return this;
    }

    /**
     * A hook giving the cookie for a node, asked at each connection attempt, before {@link #nodeCookie} and the
     * default; it returns {@code null} to fall back to them. It must be quick and thread-safe.
     */
    public RpcClientBuilder cookieOverride(Function<NodeName, Cookie> override) {
        this.cookieOverride = override;
        return this;
    }

    /** Link options: timeouts and bounds. */
    public RpcClientBuilder options(RpcOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** The value codec; both ends must use compatible codecs with the same classes registered. */
    public RpcClientBuilder codec(Codec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * The data port of {@code node}, overriding discovery (gen_rpc's {@code client_config_per_node}):
     * {@code host:port}, {@code [ipv6]:port}, or a bare {@code port} on the node's own host.
     *
     * @throws IllegalArgumentException if {@code address} is not one of these forms
     */
    public RpcClientBuilder dataPort(NodeName node, String address) {
        dataPorts.put(Objects.requireNonNull(node, "node"), HostPort.parse(address));
        return this;
    }

    /** {@link #dataPort(NodeName, String)} for the node named {@code node}. */
    public RpcClientBuilder dataPort(String node, String address) {
        return dataPort(NodeName.of(node), address);
    }

    /** The data port of {@code node} on its own host. */
    public RpcClientBuilder dataPort(NodeName node, int port) {
        dataPorts.put(Objects.requireNonNull(node, "node"), new HostPort(null, port));
        return this;
    }

    /** Discovery for nodes without a {@link #dataPort}, instead of EPMD. */
    public RpcClientBuilder dataPortResolver(DataPortResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        return this;
    }

    /** The port of EPMD on every host, for the default discovery; 1..65535. */
    public RpcClientBuilder epmdPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("epmdPort must be in 1..65535: " + port);
        }
        this.epmdPort = port;
        this.epmdPortSet = true;
        return this;
    }

    /**
     * Gets every link from {@code attacher}, on channels someone else opened, authenticated and owns (a node's
     * distribution channel: distribution-channel RPC), instead of opening data connections. The client then
     * resolves no data port and asks no EPMD, and needs no cookie (the owner authenticated the channel): setting
     * {@link #dataPort}, {@link #dataPortResolver} or {@link #epmdPort} as well is refused by {@link #build()};
     * {@link #cookie}, {@link #nodeCookie} and {@link #cookieOverride} are ignored. Attached links neither ping nor
     * close the channel; see {@link LinkAttacher} for the whole contract.
     */
    public RpcClientBuilder linkAttacher(LinkAttacher attacher) {
        this.attacher = Objects.requireNonNull(attacher, "attacher");
        return this;
    }

    /**
     * Runs links on this group (an NIO or epoll {@code MultiThreadIoEventLoopGroup}), which the client never shuts
     * down. Each link stays on one event loop of it.
     */
    public RpcClientBuilder eventLoopGroup(EventLoopGroup group) {
        Objects.requireNonNull(group, "group");
        Transports.clientChannelFor(group);
        this.group = group;
        return this;
    }

    /** Threads of the client's own event loop group (when none is given), at least 1. */
    public RpcClientBuilder ioThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1: " + threads);
        }
        this.ioThreads = threads;
        return this;
    }

    /**
     * Runs the dependent actions of {@link RpcFuture#toCompletableFuture()} and of stubs' futures, decodes large
     * results, and resolves host names: work that must not run on an event loop. Never shut down by the client.
     */
    public RpcClientBuilder callbackExecutor(Executor executor) {
        this.callbackExecutor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * How many requests one link may hold waiting, beyond the {@code maxInFlightPerConnection} that await answers:
     * waiting for the connection, for a free in-flight slot, or for the socket to take more. Waiting is the
     * back-pressure, bounded by each request's deadline. A request beyond {@code maxInFlightPerConnection +
     * maxQueuedPerLink} fails at once in the caller's thread with an {@link io.noderpc.core.RpcException} saying so
     * (a call through its future, a cast by throwing). At least 1.
     */
    public RpcClientBuilder maxQueuedPerLink(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxQueuedPerLink must be at least 1: " + max);
        }
        this.maxQueuedPerLink = max;
        return this;
    }

    /**
     * How many encoded bytes of one-way requests (casts, ordered casts, abcasts) one link may hold not yet written
     * to its socket. A cast returns as soon as it is queued, so a loop of large casts could otherwise fill memory
     * faster than the socket drains it: a cast that would take the link past this bound fails at once in the
     * caller's thread with an {@link io.noderpc.core.RpcException} saying so, unless the link holds none (a single
     * message larger than the bound still goes). Calls are bounded by their callers and
     * {@code maxInFlightPerConnection}. At least 1.
     */
    public RpcClientBuilder maxUnsentBytesPerLink(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxUnsentBytesPerLink must be at least 1: " + max);
        }
        this.maxUnsentBytesPerLink = max;
        return this;
    }

    /**
     * The delay after a failed connection attempt during which requests to that link fail at once with the same
     * error: {@code min} after the first failure, doubling with each further one up to {@code max}, back to
     * {@code min} once a link is made.
     */
    public RpcClientBuilder reconnectBackoff(Duration min, Duration max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("reconnectBackoff needs 0 < min <= max: " + min + ", " + max);
        }
        this.backoffMin = min;
        this.backoffMax = max;
        return this;
    }

    /**
     * A new client. It opens no connection yet: each link is made on its first request.
     *
     * @throws IllegalStateException if {@link #self} is missing, or {@link #cookie} without a
     *                               {@link #linkAttacher}, or if a link attacher is set with data-port settings
     */
    public RpcClient build() {
        if (self == null) {
            throw new IllegalStateException("set this node's name with self(...)");
        }
        if (attacher != null) {
            if (!dataPorts.isEmpty() || resolver != null || epmdPortSet) {
                throw new IllegalStateException("a linkAttacher gives every link, so dataPort, dataPortResolver and"
                        + " epmdPort have no use; set either the attacher or data-port discovery, not both");
            }
        } else if (cookie == null) {
            throw new IllegalStateException("set the cookie with cookie(...)");
        }
        return new RpcClient(this);
    }
}
