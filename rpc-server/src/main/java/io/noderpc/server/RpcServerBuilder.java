package io.noderpc.server;

import io.netty.channel.EventLoopGroup;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.core.internal.Transports;
import io.noderpc.server.internal.AccessRule;
import io.noderpc.server.internal.WireNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Builds an {@link RpcServer}. Every setter validates its argument at once ({@link IllegalArgumentException} or
 * {@link NullPointerException} naming it) and conflicting settings are refused when set
 * ({@link IllegalStateException}); {@link #build()} only checks that the required node name and cookie were given.
 * Not thread-safe; a builder may build several servers (they share the registries and codec given to it).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link #node node}, {@link #cookie cookie}</td><td>required</td></tr>
 *   <tr><td>{@link #bindAddress bindAddress}</td><td>all interfaces (as gen_rpc's {@code socket_ip})</td></tr>
 *   <tr><td>{@link #port port}</td><td>{@value RpcServer#DEFAULT_PORT}: an ephemeral port, read with
 *       {@link RpcServer#port()} (the node runtime publishes it through EPMD)</td></tr>
 *   <tr><td>{@link #options options}</td><td>{@link RpcOptions#defaults()} (system properties
 *       {@code noderpc.*} applied); gives the auth, send and inactivity timeouts, frame bounds and
 *       {@code maxInFlightPerConnection}</td></tr>
 *   <tr><td>{@link #codec codec}</td><td>a new {@link ForyCodec} with nothing registered</td></tr>
 *   <tr><td>{@link #services services}, {@link #mailboxes mailboxes}</td><td>new empty registries</td></tr>
 *   <tr><td>{@link #allowServices allowServices} / {@link #denyServices denyServices}</td><td>neither: every
 *       registered service may be called</td></tr>
 *   <tr><td>{@link #maxInFlightPerServer maxInFlightPerServer}</td>
 *       <td>{@value RpcServer#DEFAULT_MAX_IN_FLIGHT_PER_SERVER}</td></tr>
 *   <tr><td>{@link #workerExecutor workerExecutor}</td><td>virtual threads on Java 21+, else a pool of
 *       {@link #platformWorkerThreads platformWorkerThreads}; owned and shut down by the server</td></tr>
 *   <tr><td>{@link #eventLoopGroup eventLoopGroup}</td><td>the server's own group: native epoll on Linux, NIO
 *       elsewhere or with {@code -Dnoderpc.nio=true}; owned and shut down by the server</td></tr>
 *   <tr><td>{@link #drainTimeout drainTimeout}</td><td>{@link RpcServer#DEFAULT_DRAIN_TIMEOUT}</td></tr>
 * </table>
 */
public final class RpcServerBuilder {

    NodeName node;
    Cookie cookie;
    Function<NodeName, Cookie> cookieOverride = node -> null;
    InetAddress bindAddress;
    int port = RpcServer.DEFAULT_PORT;
    RpcOptions options;
    Codec codec;
    ServiceRegistry services;
    MailboxRegistry mailboxes;
    AccessRule access = AccessRule.ALLOW_ALL;
    private String accessSetting;
    int maxInFlightPerServer = RpcServer.DEFAULT_MAX_IN_FLIGHT_PER_SERVER;
    Executor workerExecutor;
    int platformWorkerThreads = RpcServer.DEFAULT_PLATFORM_WORKER_THREADS;
    EventLoopGroup eventLoopGroup;
    Duration drainTimeout = RpcServer.DEFAULT_DRAIN_TIMEOUT;

    RpcServerBuilder() {
    }

    /** This node's name: clients asking for another name are refused in the handshake. Required. */
    public RpcServerBuilder node(NodeName node) {
        this.node = Objects.requireNonNull(node, "node");
        return this;
    }

    /**
     * This node's name, parsed with {@link NodeName#of(String)}.
     *
     * @throws IllegalArgumentException if it is not a valid node name
     */
    public RpcServerBuilder node(String node) {
        return node(NodeName.of(node));
    }

    /**
     * The cookie a given client node must prove instead of {@link #cookie}, as {@code erlang:set_cookie(Node,
     * Cookie)}; {@code null} from it means the server's cookie. Called on the event loop: must not block.
     */
    public RpcServerBuilder cookieOverride(Function<NodeName, Cookie> override) {
        this.cookieOverride = Objects.requireNonNull(override, "override");
        return this;
    }

    /** The cookie clients must prove. Required. */
    public RpcServerBuilder cookie(Cookie cookie) {
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        return this;
    }

    /** The interface to listen on; {@code null} for all interfaces (the default). */
    public RpcServerBuilder bindAddress(InetAddress address) {
        this.bindAddress = address;
        return this;
    }

    /**
     * The interface to listen on, as an IP literal or a host name (resolved now).
     *
     * @throws IllegalArgumentException if the host cannot be resolved
     */
    public RpcServerBuilder bindAddress(String host) {
        Objects.requireNonNull(host, "host");
        try {
            return bindAddress(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind address " + host + " cannot be resolved: " + e.getMessage(), e);
        }
    }

    /** The port to listen on, 0 (the default) for an ephemeral one. */
    public RpcServerBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 = ephemeral): " + port);
        }
        this.port = port;
        return this;
    }

    /** The link options (timeouts, frame bounds, {@code maxInFlightPerConnection}). */
    public RpcServerBuilder options(RpcOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** The codec of arguments, results and mailbox messages; must match the clients'. */
    public RpcServerBuilder codec(Codec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /** The services to export (may be shared with other servers, e.g. a dist-channel one). */
    public RpcServerBuilder services(ServiceRegistry services) {
        this.services = Objects.requireNonNull(services, "services");
        return this;
    }

    /** The mailboxes for ABCAST and SBCAST. */
    public RpcServerBuilder mailboxes(MailboxRegistry mailboxes) {
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        return this;
    }

    /**
     * Only these services may be called (gen_rpc's whitelist); calls to others get {@code UnauthorizedException}
     * before anything is decoded. Replaces an earlier allow-list.
     *
     * @throws IllegalStateException if a deny-list was set: the two exclude each other
     */
    public RpcServerBuilder allowServices(Collection<String> services) {
        access = AccessRule.allowOnly(checkAccess("allowServices", services));
        return this;
    }

    /** Same as {@link #allowServices(Collection)}. */
    public RpcServerBuilder allowServices(String... services) {
        return allowServices(Arrays.asList(services));
    }

    /**
     * Every service but these may be called (gen_rpc's blacklist); calls to them get
     * {@code UnauthorizedException} before anything is decoded. Replaces an earlier deny-list.
     *
     * @throws IllegalStateException if an allow-list was set: the two exclude each other
     */
    public RpcServerBuilder denyServices(Collection<String> services) {
        access = AccessRule.denyOnly(checkAccess("denyServices", services));
        return this;
    }

    /** Same as {@link #denyServices(Collection)}. */
    public RpcServerBuilder denyServices(String... services) {
        return denyServices(Arrays.asList(services));
    }

    private Set<String> checkAccess(String setting, Collection<String> services) {
        Objects.requireNonNull(services, setting);
        if (accessSetting != null && !accessSetting.equals(setting)) {
            throw new IllegalStateException(setting + "(...) conflicts with the " + accessSetting + "(...) already"
                    + " set: a server has an allow-list or a deny-list of services, not both (gen_rpc's"
                    + " rpc_module_control); choose one");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : services) {
            names.add(WireNames.check(name, setting + " entry", false));
        }
        accessSetting = setting;
        return names;
    }

    /**
     * The most requests in flight at once across all links (each link is also bounded by
     * {@code RpcOptions.maxInFlightPerConnection}); at the bound the server stops reading from its links until
     * requests finish.
     */
    public RpcServerBuilder maxInFlightPerServer(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxInFlightPerServer must be at least 1: " + max);
        }
        this.maxInFlightPerServer = max;
        return this;
    }

    /**
     * The executor running calls, casts and mailbox deliveries. The server neither shuts it down nor waits for
     * its threads; a task it refuses is answered with an error (calls) or dropped and logged (casts).
     */
    public RpcServerBuilder workerExecutor(Executor executor) {
        this.workerExecutor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /** The size of the default worker pool when virtual threads are not available (Java 17-20). */
    public RpcServerBuilder platformWorkerThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("platformWorkerThreads must be at least 1: " + threads);
        }
        this.platformWorkerThreads = threads;
        return this;
    }

    /**
     * An event loop group to share (e.g. with the node's client); the server does not shut it down. It must be a
     * {@code MultiThreadIoEventLoopGroup} with {@code EpollIoHandler} or {@code NioIoHandler}. Without one the
     * server runs its own group: native epoll where it loads (Linux), NIO otherwise or with
     * {@code -Dnoderpc.nio=true}.
     *
     * @throws IllegalArgumentException if it serves neither epoll nor NIO channels
     */
    public RpcServerBuilder eventLoopGroup(EventLoopGroup group) {
        Objects.requireNonNull(group, "group");
        Transports.serverChannelFor(group);
        this.eventLoopGroup = group;
        return this;
    }

    /**
     * How long {@link RpcServer#close()} waits for requests in flight to finish before closing the links anyway;
     * {@link Duration#ZERO} does not wait.
     */
    public RpcServerBuilder drainTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative: " + timeout);
        }
        this.drainTimeout = timeout;
        return this;
    }

    /**
     * The server, not started.
     *
     * @throws IllegalStateException if the node name or the cookie is missing
     */
    public RpcServer build() {
        if (node == null) {
            throw new IllegalStateException("the node name is required: builder.node(\"name@host\")");
        }
        if (cookie == null) {
            throw new IllegalStateException("the cookie is required: builder.cookie(Cookie.of(secret))");
        }
        return new RpcServer(this);
    }

    /** Builds and {@linkplain RpcServer#start() starts} the server. */
    public RpcServer start() {
        return build().start();
    }
}
