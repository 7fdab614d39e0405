package io.noderpc.node;

import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.epmd.EpmdClientOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable, validated settings of a {@link Node}, built by {@link Node#builder()}.
 *
 * @param name          the node's name, {@code alive@host} (short or long, validated by {@link NodeName#of})
 * @param cookie        the cookie peers must prove
 * @param epmdAddress   where EPMD is asked, and where an embedded one binds (default {@value #DEFAULT_EPMD_ADDRESS})
 * @param epmdPort      EPMD's port ({@code ERL_EPMD_PORT}, else {@value EpmdClientOptions#DEFAULT_PORT})
 * @param embeddedEpmd  whether to start an EPMD in this process when none answers (default off)
 * @param distPorts     the distribution listener's ports ({@code inet_dist_listen_min/max}; default ephemeral)
 * @param distInterface the distribution listener's interface ({@code inet_dist_use_interface}; null: all)
 * @param dataPorts     the data server's ports (default ephemeral)
 * @param dataInterface the data server's interface (null: all)
 * @param tickTime      the distribution channel's tick time ({@code net_ticktime}; default 60 s): a tick every
 *                      quarter of it, a peer silent for all of it is down
 * @param hidden        whether this node is hidden (as {@code erl -hidden}): its connections are not part of the
 *                      mesh and show only in {@link Node#hiddenNodes()} of its peers (default off)
 * @param connectAll    whether to connect to the peers that a new peer knows, forming a full mesh (as
 *                      {@code -connect_all}; default on)
 * @param autoConnect   whether the first call, message or monitor towards a node connects to it (as
 *                      {@code -dist_auto_connect}; default on); off: only {@link Node#connect} does
 * @param options       the data channel's options (timeouts, bounds)
 */
public record NodeSettings(NodeName name, Cookie cookie, String epmdAddress, int epmdPort, boolean embeddedEpmd,
                           PortRange distPorts, InetAddress distInterface, PortRange dataPorts,
                           InetAddress dataInterface, Duration tickTime, boolean hidden, boolean connectAll,
                           boolean autoConnect, RpcOptions options) {

    /** Default EPMD address: loopback, where an embedded EPMD is safe. */
    public static final String DEFAULT_EPMD_ADDRESS = "127.0.0.1";
    /** Default tick time, as Erlang's {@code net_ticktime}. */
    public static final Duration DEFAULT_TICK_TIME = Duration.ofSeconds(60);
    /** Smallest tick time accepted (ticks go out every {@code tickTime/4}). */
    public static final Duration MIN_TICK_TIME = Duration.ofSeconds(1);
    /** Default port range of the distribution listener and the data server: ephemeral. */
    public static final PortRange DEFAULT_PORTS = PortRange.EPHEMERAL;
    /** Default for starting an embedded EPMD when none answers. */
    public static final boolean DEFAULT_EMBEDDED_EPMD = false;
    /** Default: a visible node. */
    public static final boolean DEFAULT_HIDDEN = false;
    /** Default: join the full mesh. */
    public static final boolean DEFAULT_CONNECT_ALL = true;
    /** Default: connect on first use. */
    public static final boolean DEFAULT_AUTO_CONNECT = true;

    /** Checks the invariants the builder guarantees. */
    public NodeSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(epmdAddress, "epmdAddress");
        Objects.requireNonNull(distPorts, "distPorts");
        Objects.requireNonNull(dataPorts, "dataPorts");
        Objects.requireNonNull(tickTime, "tickTime");
        Objects.requireNonNull(options, "options");
    }

    /** The default EPMD port: {@code ERL_EPMD_PORT} when set, else {@value EpmdClientOptions#DEFAULT_PORT}. */
    public static int defaultEpmdPort() {
        return EpmdClientOptions.defaultPort();
    }

    /**
     * The setters of {@link Node.Builder}; each validates its argument at once, with a message saying what is wrong.
     * Not thread-safe.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        private NodeName name;
        private Cookie cookie;
        private String epmdAddress = DEFAULT_EPMD_ADDRESS;
        private int epmdPort = defaultEpmdPort();
        private boolean embeddedEpmd = DEFAULT_EMBEDDED_EPMD;
        private PortRange distPorts = DEFAULT_PORTS;
        private InetAddress distInterface;
        private PortRange dataPorts = DEFAULT_PORTS;
        private InetAddress dataInterface;
        private Duration tickTime = DEFAULT_TICK_TIME;
        private boolean hidden = DEFAULT_HIDDEN;
        private boolean connectAll = DEFAULT_CONNECT_ALL;
        private boolean autoConnect = DEFAULT_AUTO_CONNECT;
        private RpcOptions options = RpcOptions.defaults();

        Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** The node's name, {@code alive@host}: short ({@code a@myhost}) or long ({@code a@127.0.0.1}). */
        public B name(NodeName name) {
            this.name = Objects.requireNonNull(name, "name");
            return self();
        }

        /** @throws IllegalArgumentException naming what is wrong with {@code name} */
        public B name(String name) {
            return name(NodeName.of(name));
        }

        /** The cookie; without one, {@code NODERPC_COOKIE} then {@code ~/.erlang.cookie} ({@link CookieSource}). */
        public B cookie(Cookie cookie) {
            this.cookie = Objects.requireNonNull(cookie, "cookie");
            return self();
        }

        /** @see #cookie(Cookie) */
        public B cookie(String cookie) {
            return cookie(Cookie.of(cookie));
        }

        /** Host name or IP literal of EPMD (default {@value #DEFAULT_EPMD_ADDRESS}). */
        public B epmdAddress(String address) {
            Objects.requireNonNull(address, "epmdAddress");
            if (address.isBlank()) {
                throw new IllegalArgumentException("epmdAddress must not be blank");
            }
            this.epmdAddress = address;
            return self();
        }

        /** EPMD's port, 1..65535. */
        public B epmdPort(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("epmdPort must be in 1..65535: " + port);
            }
            this.epmdPort = port;
            return self();
        }

        /** Whether to start an EPMD in this process (on the EPMD address and port) when none answers. */
        public B embeddedEpmd(boolean allowed) {
            this.embeddedEpmd = allowed;
            return self();
        }

        /** The distribution listener's port range: the first free port of it is taken. */
        public B distPorts(PortRange ports) {
            this.distPorts = Objects.requireNonNull(ports, "distPorts");
            return self();
        }

        /** {@code distPorts(PortRange.of(min, max))}, as {@code inet_dist_listen_min/max}. */
        public B distPorts(int min, int max) {
            return distPorts(PortRange.of(min, max));
        }

        /** One distribution port; 0 for an ephemeral one. */
        public B distPort(int port) {
            return distPorts(PortRange.single(port));
        }

        /** The interface of the distribution listener ({@code inet_dist_use_interface}); null: all. */
        public B distInterface(InetAddress address) {
            this.distInterface = address;
            return self();
        }

        /** @throws IllegalArgumentException if {@code host} does not resolve */
        public B distInterface(String host) {
            return distInterface(resolve("distInterface", host));
        }

        /** The data server's port range: the first free port of it is taken. */
        public B dataPorts(PortRange ports) {
            this.dataPorts = Objects.requireNonNull(ports, "dataPorts");
            return self();
        }

        /** {@code dataPorts(PortRange.of(min, max))}. */
        public B dataPorts(int min, int max) {
            return dataPorts(PortRange.of(min, max));
        }

        /** One data port; 0 for an ephemeral one. */
        public B dataPort(int port) {
            return dataPorts(PortRange.single(port));
        }

        /** The interface of the data server; null: all. */
        public B dataInterface(InetAddress address) {
            this.dataInterface = address;
            return self();
        }

        /** @throws IllegalArgumentException if {@code host} does not resolve */
        public B dataInterface(String host) {
            return dataInterface(resolve("dataInterface", host));
        }

        /** Both interfaces at once (distribution and data). */
        public B bindInterface(String host) {
            return distInterface(host).dataInterface(host);
        }

        /** The tick time ({@code net_ticktime}), at least {@link #MIN_TICK_TIME}, whole seconds. */
        public B tickTime(Duration tickTime) {
            Objects.requireNonNull(tickTime, "tickTime");
            if (tickTime.compareTo(MIN_TICK_TIME) < 0) {
                throw new IllegalArgumentException("tickTime must be at least " + MIN_TICK_TIME.toSeconds()
                        + "s: " + tickTime);
            }
            if (tickTime.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("tickTime must be whole seconds, as net_ticktime: " + tickTime);
            }
            this.tickTime = tickTime;
            return self();
        }

        /** Whether this node is hidden (as {@code erl -hidden}): one-shot clients and tools, outside the mesh. */
        public B hidden(boolean hidden) {
            this.hidden = hidden;
            return self();
        }

        /** Whether to connect to the peers a new peer knows (full mesh), as {@code -connect_all}. */
        public B connectAll(boolean connectAll) {
            this.connectAll = connectAll;
            return self();
        }

        /** Whether first use connects to a node, as {@code -dist_auto_connect}; off: only {@link Node#connect}. */
        public B autoConnect(boolean autoConnect) {
            this.autoConnect = autoConnect;
            return self();
        }

        /** The data channel's options. */
        public B options(RpcOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return self();
        }

        /**
         * The settings, the cookie resolved if none was given.
         *
         * @throws IllegalStateException if no name was given
         */
        NodeSettings settings() {
            if (name == null) {
                throw new IllegalStateException("a node needs a name: call name(\"alive@host\")");
            }
            Cookie resolved = cookie != null ? cookie : CookieSource.resolve(null);
            return new NodeSettings(name, resolved, epmdAddress, epmdPort, embeddedEpmd, distPorts, distInterface,
                    dataPorts, dataInterface, tickTime, hidden, connectAll, autoConnect, options);
        }

        private static InetAddress resolve(String what, String host) {
            if (host == null) {
                return null;
            }
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(what + ": cannot resolve '" + host + "': " + e.getMessage(), e);
            }
        }
    }
}
