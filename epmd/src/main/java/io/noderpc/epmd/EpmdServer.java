package io.noderpc.epmd;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.noderpc.epmd.internal.EpmdProtocol;
import io.noderpc.epmd.internal.Transports;
import io.noderpc.epmd.internal.server.DebugLog;
import io.noderpc.epmd.internal.server.EpmdServerInitializer;
import io.noderpc.epmd.internal.server.NodeRegistry;
import io.noderpc.epmd.internal.server.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * An Erlang Port Mapper Daemon, byte-compatible with OTP's {@code epmd}: real Erlang nodes register
 * with it, OTP's {@code epmd -names} queries it, and so does {@link EpmdClient}.
 *
 * <pre>{@code
 * try (EpmdServer epmd = EpmdServer.builder().port(0).address("127.0.0.1").build().start()) {
 *     int port = epmd.port();
 *     ...
 * }
 * }</pre>
 *
 * <p>Listening follows OTP: without addresses, {@code 0.0.0.0} and {@code [::]} (IPv6-only), or one
 * dual-stack {@code [::]} socket when the native transport is not available; with addresses,
 * {@code 127.0.0.1} and {@code ::1} first (failures to bind those are ignored), then the given
 * non-loopback ones, at most 16 sockets. A taken port fails {@link #start()} with
 * {@link EpmdAddressInUseException}.
 *
 * <p>Failure modes: every malformed, oversized, truncated, pipelined or unknown request closes only
 * its own connection, without a reply; a registration lives as long as its connection; at most
 * {@link Builder#maxConnections(int)} connections are served, further ones are closed at accept.
 */
public final class EpmdServer implements AutoCloseable {

    /** The default bound on simultaneous connections (OTP: the descriptor table, 1024, less stdio). */
    public static final int DEFAULT_MAX_CONNECTIONS = 1021;
    /** The default packet timeout (OTP's {@code CLOSE_TIMEOUT}). */
    public static final Duration DEFAULT_PACKET_TIMEOUT =
            Duration.ofSeconds(EpmdProtocol.DEFAULT_PACKET_TIMEOUT_SECONDS);
    /** The most listen sockets OTP's epmd opens. */
    public static final int MAX_LISTEN_SOCKETS = 16;

    private static final Logger log = LoggerFactory.getLogger(EpmdServer.class);
    /** {@code setsockopt(IPPROTO_IPV6, IPV6_V6ONLY)} on Linux. */
    private static final IntegerUnixChannelOption IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    private final Builder config;
    private final NodeRegistry registry;
    private final List<Channel> listeners = new ArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private EventLoopGroup group;
    private ChannelGroup connections;
    private volatile int port;

    private EpmdServer(Builder config) {
        this.config = config;
        int maxUnreg = config.debugLevel > 0 ? EpmdProtocol.DEBUG_MAX_UNREG_COUNT : EpmdProtocol.MAX_UNREG_COUNT;
        this.registry = new NodeRegistry(maxUnreg, config.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the listen sockets and starts serving.
     *
     * @throws EpmdAddressInUseException if the port is taken on a listen address
     * @throws EpmdException             if a listen socket cannot be bound for another reason
     */
    public synchronized EpmdServer start() {
        if (group != null) {
            throw new IllegalStateException("EpmdServer already started");
        }
        group = Transports.newGroup(config.ioThreads, "epmd");
        connections = new DefaultChannelGroup("epmd-connections", GlobalEventExecutor.INSTANCE);
        DebugLog debug = new DebugLog(config.debugLevel, config.debugOut);
        ServerContext context = new ServerContext(registry, this::port, config.relaxedCommandCheck,
                config.packetTimeout, config.maxConnections, debug, this::killed, connections);
        try {
            port = config.port;
            for (ListenAddress la : resolveListenAddresses()) {
                if (listeners.size() == MAX_LISTEN_SOCKETS) {
                    break;
                }
                Channel ch = bind(la, context);
                if (ch != null) {
                    listeners.add(ch);
                    if (port == 0) {
                        port = ((InetSocketAddress) ch.localAddress()).getPort();
                    }
                }
            }
            if (listeners.isEmpty()) {
                throw new EpmdException("epmd: no listen socket could be bound on port " + config.port);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        debug.log(1, "epmd running - daemon = " + (config.daemon ? 1 : 0));
        log.info("epmd listening on port {} ({}), relaxed command check {}, packet timeout {}s, max connections {}",
                port, listenAddresses(), config.relaxedCommandCheck,
                config.packetTimeout.toSeconds(), config.maxConnections);
        return this;
    }

    private List<ListenAddress> resolveListenAddresses() {
        List<ListenAddress> result = new ArrayList<>();
        if (config.addresses.isEmpty()) {
            if (Transports.nativeTransport()) {
                result.add(new ListenAddress(inet("0.0.0.0"), false, false));
                result.add(new ListenAddress(inet("::"), true, true));
            } else {
                // NIO cannot set IPV6_V6ONLY: one dual-stack socket accepts both families.
                result.add(new ListenAddress(inet("::"), true, false));
                result.add(new ListenAddress(inet("0.0.0.0"), false, false));
            }
            return result;
        }
        result.add(new ListenAddress(inet("127.0.0.1"), true, false));
        result.add(new ListenAddress(inet("::1"), true, true));
        for (InetAddress a : config.addresses) {
            if (!a.isLoopbackAddress()) {
                result.add(new ListenAddress(a, false, a instanceof Inet6Address));
            }
        }
        return result;
    }

    /** Binds one listener; null when an optional one cannot be bound (or a dual-stack one already covers it). */
    private Channel bind(ListenAddress la, ServerContext context) {
        if (!Transports.nativeTransport() && config.addresses.isEmpty() && la.address() instanceof Inet4Address
                && !listeners.isEmpty()) {
            return null;
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channelFactory(Transports.serverChannelFactory(la.address()))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new EpmdServerInitializer(context));
        if (la.v6only() && Transports.nativeTransport()) {
            b.option(IPV6_V6ONLY, 1);
        }
        InetSocketAddress address = new InetSocketAddress(la.address(), port);
        try {
            return b.bind(address).sync().channel();
        } catch (Exception e) {
            if (isAddressInUse(e)) {
                throw new EpmdAddressInUseException("there is already a epmd running at port " + port
                        + " on ipaddr " + la.address().getHostAddress(), e);
            }
            if (la.optional()) {
                context.debug().log(1, "failed to bind " + address + ": " + e.getMessage());
                return null;
            }
            throw new EpmdException("epmd: failed to bind socket " + address + ": " + e.getMessage(), e);
        }
    }

    private static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void killed() {
        CompletableFuture.runAsync(() -> {
            close();
            if (config.onKill != null) {
                config.onKill.run();
            }
        });
    }

    /** The port the server listens on (the bound one when started with port 0). */
    public int port() {
        return port;
    }

    /** The addresses actually listened on. */
    public List<InetSocketAddress> listenAddresses() {
        return listeners.stream().map(ch -> (InetSocketAddress) ch.localAddress()).toList();
    }

    /** The nodes registered right now, most recently registered first. */
    public List<Registered> registeredNodes() {
        return registry.registeredNodes().stream()
                .map(n -> new Registered(n.entry(), n.creationFor(n.entry().highestVersion()))).toList();
    }

    /**
     * One registration as the daemon holds it.
     *
     * @param entry    what the node registered
     * @param creation the creation it was handed (unsigned 32-bit, or 1..3 for nodes below version 6)
     */
    public record Registered(EpmdEntry entry, int creation) {
    }

    /** Completes once the server is closed, by {@link #close()} or by a KILL_REQ. */
    public CompletableFuture<Void> terminationFuture() {
        return terminated;
    }

    /** Closes the listeners and every connection (unregistering every node). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly();
        }
        if (connections != null) {
            connections.close().awaitUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        terminated.complete(null);
    }

    private record ListenAddress(InetAddress address, boolean optional, boolean v6only) {
    }

    /**
     * Settings of an {@link EpmdServer}. Defaults: port 4369, all
     * interfaces, strict command check, packet timeout 60 s, 1021 connections, one I/O thread, no
     * debug output.
     */
    public static final class Builder {
        private int port = EpmdProtocol.DEFAULT_PORT;
        private final List<InetAddress> addresses = new ArrayList<>();
        private boolean relaxedCommandCheck;
        private Duration packetTimeout = DEFAULT_PACKET_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int ioThreads = 1;
        private int debugLevel;
        private PrintStream debugOut;
        private boolean daemon;
        private Runnable onKill;
        private LongSupplier clock = () -> System.currentTimeMillis() / 1000;

        private Builder() {
        }

        private Builder(Builder other) {
            port = other.port;
            addresses.addAll(other.addresses);
            relaxedCommandCheck = other.relaxedCommandCheck;
            packetTimeout = other.packetTimeout;
            maxConnections = other.maxConnections;
            ioThreads = other.ioThreads;
            debugLevel = other.debugLevel;
            debugOut = other.debugOut;
            daemon = other.daemon;
            onKill = other.onKill;
            clock = other.clock;
        }

        /** The port to listen on, 0 for an ephemeral one (then every listener shares the first one's port). */
        public Builder port(int port) {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Adds listen addresses, as OTP's {@code -address}: a comma- or space-separated list of IP
         * literals. Loopback addresses are always listened on once any address is given.
         *
         * @throws IllegalArgumentException "cannot parse IP address" for anything but an IP literal
         */
        public Builder address(String list) {
            Objects.requireNonNull(list, "list");
            for (String part : list.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    addresses.add(parseIp(part));
                }
            }
            return this;
        }

        /** Adds one listen address. */
        public Builder address(InetAddress address) {
            addresses.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /** Allows KILL with live nodes and STOP (OTP's {@code -relaxed_command_check}). */
        public Builder relaxedCommandCheck(boolean relaxed) {
            this.relaxedCommandCheck = relaxed;
            return this;
        }

        /** How long a connection without a registration may stay silent before it is closed. */
        public Builder packetTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("packetTimeout must be positive, got " + timeout);
            }
            this.packetTimeout = timeout;
            return this;
        }

        /** The most connections served at once (each registered node holds one). */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /** Event-loop threads (default 1: requests are tiny; OTP's epmd is single-threaded too). */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, got " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /** OTP's {@code -d} count: 1 traces requests, 2 adds hex dumps, 3 adds tables. */
        public Builder debugLevel(int level) {
            if (level < 0) {
                throw new IllegalArgumentException("debugLevel must not be negative, got " + level);
            }
            this.debugLevel = level;
            return this;
        }

        /** Where OTP-style debug lines go (default: the {@code io.noderpc.epmd} logger). */
        public Builder debugOutput(PrintStream out) {
            this.debugOut = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Marks the server as running detached, for the debug trace only. */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /** Run after a KILL_REQ closed the server (the CLI exits there). */
        public Builder onKill(Runnable onKill) {
            this.onKill = onKill;
            return this;
        }

        /** The clock that seeds creation counters, in Unix seconds (tests). */
        public Builder clock(LongSupplier unixSeconds) {
            this.clock = Objects.requireNonNull(unixSeconds, "unixSeconds");
            return this;
        }

        /** A server with a snapshot of these settings; later changes to the builder do not affect it. */
        public EpmdServer build() {
            return new EpmdServer(new Builder(this));
        }

        static InetAddress parseIp(String literal) {
            boolean ipLiteral = literal.matches("[0-9.]+") || literal.contains(":");
            if (ipLiteral) {
                try {
                    return InetAddress.getByName(literal);
                } catch (UnknownHostException e) {
                    // fall through
                }
            }
            throw new IllegalArgumentException("cannot parse IP address \"" + literal + "\"");
        }
    }
}
