package io.noderpc.epmd;

import io.netty.channel.EventLoopGroup;
import io.noderpc.epmd.internal.EpmdProtocol;
import io.noderpc.epmd.internal.Transports;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link EpmdClient}. Immutable and thread-safe; build with {@link #builder()}.
 * Every setter validates at once and throws {@link IllegalArgumentException} with the reason.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>{@link #host()}</td><td>none: {@code ::1}, then {@code 127.0.0.1}, as OTP's client</td></tr>
 *   <tr><td>{@link #port()}</td><td>{@code ERL_EPMD_PORT} if it holds a port number, else
 *       {@value #DEFAULT_PORT}</td></tr>
 *   <tr><td>{@link #connectTimeout()}</td><td>{@link #DEFAULT_CONNECT_TIMEOUT} (5 s)</td></tr>
 *   <tr><td>{@link #requestTimeout()}</td><td>{@link #DEFAULT_REQUEST_TIMEOUT} (10 s, as OTP nodes
 *       wait for a registration reply)</td></tr>
 *   <tr><td>{@link #reregisterInterval()}</td><td>{@link #DEFAULT_REREGISTER_INTERVAL} (2 s, as OTP
 *       nodes)</td></tr>
 *   <tr><td>{@link #maxReplyBytes()}</td><td>{@value #DEFAULT_MAX_REPLY_BYTES} (4 MiB)</td></tr>
 *   <tr><td>{@link #eventLoopGroup()}</td><td>none: the client owns a one-thread daemon group</td></tr>
 * </table>
 */
public final class EpmdClientOptions {

    public static final int DEFAULT_PORT = EpmdProtocol.DEFAULT_PORT;
    /** Environment variable naming the EPMD port, read by {@link #builder()}. */
    public static final String PORT_ENV = "ERL_EPMD_PORT";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REREGISTER_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_REPLY_BYTES = 4 << 20;
    /** Smallest accepted {@link #maxReplyBytes()}: a PORT2_RESP with the longest name and extra. */
    public static final int MIN_MAX_REPLY_BYTES = 14 + 2 * EpmdProtocol.MAX_SYMBOL_BYTES;

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration reregisterInterval;
    private final int maxReplyBytes;
    private final EventLoopGroup eventLoopGroup;

    private EpmdClientOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.reregisterInterval = b.reregisterInterval;
        this.maxReplyBytes = b.maxReplyBytes;
        this.eventLoopGroup = b.eventLoopGroup;
    }

    /** The defaults (port from {@code ERL_EPMD_PORT} when set). */
    public static EpmdClientOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults, the port read from {@code ERL_EPMD_PORT} now. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.reregisterInterval = reregisterInterval;
        b.maxReplyBytes = maxReplyBytes;
        b.eventLoopGroup = eventLoopGroup;
        return b;
    }

    /**
     * The port EPMD listens on when nothing else is said: the value of {@code ERL_EPMD_PORT} if it
     * is an integer in 1..65535, else {@value #DEFAULT_PORT}.
     */
    public static int defaultPort() {
        return portFromEnvironment(System.getenv(PORT_ENV));
    }

    static int portFromEnvironment(String value) {
        if (value != null) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port > 0 && port <= 0xFFFF) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // not a port: fall back as if unset
            }
        }
        return DEFAULT_PORT;
    }

    /** Host name or address of the daemon; null means {@code ::1} then {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Bound on establishing the connection, over all addresses tried. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Bound on the reply once connected: from the request being sent to the reply being complete. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Pause before each re-registration attempt after a registration connection drops. */
    public Duration reregisterInterval() {
        return reregisterInterval;
    }

    /** Largest reply accepted (NAMES and DUMP replies grow with the number of nodes). */
    public int maxReplyBytes() {
        return maxReplyBytes;
    }

    /** The caller's event loop group, or null when the client owns one. */
    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup;
    }

    @Override
    public String toString() {
        return "EpmdClientOptions[host=" + (host == null ? "::1,127.0.0.1" : host) + ", port=" + port
                + ", connectTimeout=" + connectTimeout.toMillis() + "ms"
                + ", requestTimeout=" + requestTimeout.toMillis() + "ms"
                + ", reregisterInterval=" + reregisterInterval.toMillis() + "ms"
                + ", maxReplyBytes=" + maxReplyBytes
                + ", eventLoopGroup=" + (eventLoopGroup == null ? "own" : "external") + "]";
    }

    /** Builder of {@link EpmdClientOptions}; not thread-safe. */
    public static final class Builder {

        private String host;
        private int port = defaultPort();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration reregisterInterval = DEFAULT_REREGISTER_INTERVAL;
        private int maxReplyBytes = DEFAULT_MAX_REPLY_BYTES;
        private EventLoopGroup eventLoopGroup;

        private Builder() {
        }

        /**
         * Host name or IP address of the daemon, or null for the loopback default ({@code ::1}, then
         * {@code 127.0.0.1}). A name is resolved once, by {@link EpmdClient#create(EpmdClientOptions)};
         * all its addresses are tried in order.
         */
        public Builder host(String host) {
            if (host != null && host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank; pass null for the loopback default");
            }
            this.host = host == null ? null : host.strip();
            return this;
        }

        /** TCP port of the daemon, 1..65535. */
        public Builder port(int port) {
            if (port <= 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port must be in 1..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive("connectTimeout", timeout);
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive("requestTimeout", timeout);
            return this;
        }

        public Builder reregisterInterval(Duration interval) {
            this.reregisterInterval = requirePositive("reregisterInterval", interval);
            return this;
        }

        /** Largest reply accepted, at least {@value #MIN_MAX_REPLY_BYTES}. */
        public Builder maxReplyBytes(int maxReplyBytes) {
            if (maxReplyBytes < MIN_MAX_REPLY_BYTES) {
                throw new IllegalArgumentException("maxReplyBytes must be at least " + MIN_MAX_REPLY_BYTES
                        + " (a lookup reply with the longest name and extra), got " + maxReplyBytes);
            }
            this.maxReplyBytes = maxReplyBytes;
            return this;
        }

        /**
         * Runs the client on the caller's group (an NIO or epoll {@code MultiThreadIoEventLoopGroup});
         * the client never shuts it down. Null (the default) gives the client a group of its own,
         * one daemon thread, shut down by {@link EpmdClient#close()}.
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            if (group != null) {
                if (group.isShuttingDown()) {
                    throw new IllegalArgumentException("eventLoopGroup is shut down or shutting down");
                }
                Transports.clientChannelFor(group);
            }
            this.eventLoopGroup = group;
            return this;
        }

        public EpmdClientOptions build() {
            return new EpmdClientOptions(this);
        }

        private static Duration requirePositive(String what, Duration value) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            if (value.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(what + " must be at most one day, got " + value);
            }
            return value;
        }
    }
}
