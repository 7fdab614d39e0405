package io.noderpc.core;

import io.noderpc.core.frame.ChunkWriter;
import io.noderpc.core.frame.Frame;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * The options of data links, shared by client and server: timeouts and bounds. Immutable and thread-safe; built by
 * {@link #builder()}.
 *
 * <p>Each option has a documented default (the timeouts are gen_rpc's). A system property
 * {@code noderpc.<name>} overrides the default, and a builder setter overrides both. Values are validated eagerly:
 * a setter or a malformed property throws {@link IllegalArgumentException} naming the option, and
 * {@link Builder#build()} refuses conflicting settings. Durations in properties: {@code 500ms}, {@code 5s},
 * {@code 2m}, {@code PT5S}, or a bare number of milliseconds; {@code never} disables an optional timer. Sizes:
 * bytes, or {@code 64KiB}, {@code 1MiB}, {@code 1g}. {@link #describe()} renders the effective values for the one
 * log line at start.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>connectTimeout</td><td>5s</td><td>TCP connect (gen_rpc {@code connect_timeout})</td></tr>
 *   <tr><td>sendTimeout</td><td>5s</td><td>a write making no progress this long closes the link
 *       ({@code send_timeout})</td></tr>
 *   <tr><td>authTimeout</td><td>5s</td><td>the whole handshake ({@code authentication_timeout})</td></tr>
 *   <tr><td>callTimeout</td><td>15s</td><td>default end-to-end call timeout ({@code call_receive_timeout})</td></tr>
 *   <tr><td>sbcastTimeout</td><td>15s</td><td>sbcast wait, one deadline for all nodes
 *       ({@code sbcast_receive_timeout})</td></tr>
 *   <tr><td>clientInactivityTimeout</td><td>never</td><td>an idle client link closes after this
 *       ({@code client_inactivity_timeout}, infinity)</td></tr>
 *   <tr><td>serverInactivityTimeout</td><td>never</td><td>an idle server link closes after this
 *       ({@code server_inactivity_timeout}, infinity)</td></tr>
 *   <tr><td>pingInterval</td><td>60s</td><td>ping an idle link this often; does not reset inactivity timers
 *       ({@code keepalive_interval}); never disables</td></tr>
 *   <tr><td>maxFrameLength</td><td>1MiB</td><td>longest frame accepted (gen_rpc has none); must hold a chunk plus
 *       its header</td></tr>
 *   <tr><td>chunkSize</td><td>64KiB</td><td>larger payloads are sent in chunks of this size, interleaved</td></tr>
 *   <tr><td>maxMessageSize</td><td>128MiB</td><td>largest message (payload) accepted</td></tr>
 *   <tr><td>maxReassemblyBytes</td><td>256MiB</td><td>bytes of chunked messages in reassembly at once, per
 *       link</td></tr>
 *   <tr><td>maxInFlightPerConnection</td><td>1024</td><td>requests executing at once per link; beyond, the
 *       server stops reading from it</td></tr>
 * </table>
 */
public final class RpcOptions {

    /** Prefix of the system properties overriding defaults. */
    public static final String PROPERTY_PREFIX = "noderpc.";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_SBCAST_TIMEOUT = Duration.ofSeconds(15);
    /** {@link Duration#ZERO}: never, as gen_rpc's {@code infinity}. */
    public static final Duration DEFAULT_CLIENT_INACTIVITY_TIMEOUT = Duration.ZERO;
    /** {@link Duration#ZERO}: never, as gen_rpc's {@code infinity}. */
    public static final Duration DEFAULT_SERVER_INACTIVITY_TIMEOUT = Duration.ZERO;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 20;
    public static final int DEFAULT_CHUNK_SIZE = ChunkWriter.DEFAULT_CHUNK_SIZE;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 128 << 20;
    public static final long DEFAULT_MAX_REASSEMBLY_BYTES = 256L << 20;
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION = 1024;

    private static final long MAX_MILLIS = OptionKey.MAX_MILLIS;
    private static final OptionKey[] OPTIONS = OptionKey.values();

    private final long[] values;
    private final String[] origins;

    private RpcOptions(Builder builder) {
        this.values = builder.values.clone();
        this.origins = builder.origins.clone();
    }

    /** A builder starting from the defaults, overridden by the {@code noderpc.*} system properties. */
    public static Builder builder() {
        return builder(System.getProperties());
    }

    /**
     * A builder starting from the defaults, overridden by the {@code noderpc.*} entries of {@code properties}.
     *
     * @throws IllegalArgumentException naming the property if one is malformed or out of range
     */
    public static Builder builder(Properties properties) {
        Builder builder = new Builder();
        for (OptionKey option : OPTIONS) {
            String key = PROPERTY_PREFIX + option.name;
            String text = properties.getProperty(key);
            if (text != null) {
                String origin = " (system property " + key + "='" + text + "')";
                long value;
                try {
                    value = option.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("system property " + key + ": " + e.getMessage(), e);
                }
                builder.set(option, option.check(value, origin), "system property " + key);
            }
        }
        return builder;
    }

    /** The defaults overridden by the {@code noderpc.*} system properties. */
    public static RpcOptions defaults() {
        return builder().build();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        System.arraycopy(values, 0, builder.values, 0, values.length);
        System.arraycopy(origins, 0, builder.origins, 0, origins.length);
        return builder;
    }

    private Duration duration(OptionKey option) {
        return Duration.ofMillis(values[option.ordinal()]);
    }

    /** TCP connect timeout. Default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Duration connectTimeout() {
        return duration(OptionKey.CONNECT_TIMEOUT);
    }

    /** A write making no progress for this long closes the link. Default {@link #DEFAULT_SEND_TIMEOUT}. */
    public Duration sendTimeout() {
        return duration(OptionKey.SEND_TIMEOUT);
    }

    /** Time allowed for the whole handshake. Default {@link #DEFAULT_AUTH_TIMEOUT}. */
    public Duration authTimeout() {
        return duration(OptionKey.AUTH_TIMEOUT);
    }

    /** Default end-to-end timeout of a call. Default {@link #DEFAULT_CALL_TIMEOUT}. */
    public Duration callTimeout() {
        return duration(OptionKey.CALL_TIMEOUT);
    }

    /** How long an sbcast waits for all nodes. Default {@link #DEFAULT_SBCAST_TIMEOUT}. */
    public Duration sbcastTimeout() {
        return duration(OptionKey.SBCAST_TIMEOUT);
    }

    /** An idle client link closes after this; {@link Duration#ZERO} = never (the default). */
    public Duration clientInactivityTimeout() {
        return duration(OptionKey.CLIENT_INACTIVITY_TIMEOUT);
    }

    /** An idle server link closes after this; {@link Duration#ZERO} = never (the default). */
    public Duration serverInactivityTimeout() {
        return duration(OptionKey.SERVER_INACTIVITY_TIMEOUT);
    }

    /** Ping interval on idle links; {@link Duration#ZERO} = no pings. Default {@link #DEFAULT_PING_INTERVAL}. */
    public Duration pingInterval() {
        return duration(OptionKey.PING_INTERVAL);
    }

    /** Longest frame accepted, excluding the length field. Default {@link #DEFAULT_MAX_FRAME_LENGTH}. */
    public int maxFrameLength() {
        return (int) values[OptionKey.MAX_FRAME_LENGTH.ordinal()];
    }

    /** Payloads above this are sent in chunks of this size. Default {@link #DEFAULT_CHUNK_SIZE}. */
    public int chunkSize() {
        return (int) values[OptionKey.CHUNK_SIZE.ordinal()];
    }

    /** Largest message payload accepted. Default {@link #DEFAULT_MAX_MESSAGE_SIZE}. */
    public int maxMessageSize() {
        return (int) values[OptionKey.MAX_MESSAGE_SIZE.ordinal()];
    }

    /** Bytes of chunked messages in reassembly at once per link. Default {@link #DEFAULT_MAX_REASSEMBLY_BYTES}. */
    public long maxReassemblyBytes() {
        return values[OptionKey.MAX_REASSEMBLY_BYTES.ordinal()];
    }

    /** Requests executing at once per link. Default {@link #DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION}. */
    public int maxInFlightPerConnection() {
        return (int) values[OptionKey.MAX_IN_FLIGHT_PER_CONNECTION.ordinal()];
    }

    /**
     * The effective values on one line, each value not from its default followed by where it came from, e.g.
     * {@code connectTimeout=5s, ..., callTimeout=20s [system property noderpc.callTimeout], ...}.
     */
    public String describe() {
        StringJoiner joiner = new StringJoiner(", ");
        for (OptionKey option : OPTIONS) {
            String origin = origins[option.ordinal()];
            joiner.add(option.name + "=" + option.format(values[option.ordinal()])
                    + (origin == null ? "" : " [" + origin + "]"));
        }
        return joiner.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RpcOptions && Arrays.equals(((RpcOptions) o).values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "RpcOptions(" + describe() + ")";
    }

    /**
     * Builds {@link RpcOptions}. Each setter validates its value at once; {@link #build()} checks the settings
     * against each other. Not thread-safe.
     */
    public static final class Builder {

        private final long[] values = new long[OPTIONS.length];
        private final String[] origins = new String[OPTIONS.length];

        private Builder() {
            for (OptionKey option : OPTIONS) {
                values[option.ordinal()] = option.defaultValue;
            }
        }

        private Builder set(OptionKey option, long value, String origin) {
            values[option.ordinal()] = value;
            origins[option.ordinal()] = origin;
            return this;
        }

        private Builder duration(OptionKey option, Duration value) {
            Objects.requireNonNull(value, option.name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(option.name + " must not be negative: " + value);
            }
            long millis = value.compareTo(Duration.ofMillis(MAX_MILLIS + 1)) > 0 ? MAX_MILLIS + 1 : value.toMillis();
            return set(option, option.check(millis, ""), "set");
        }

        private Builder size(OptionKey option, long value) {
            return set(option, option.check(value, ""), "set");
        }

        /** TCP connect timeout, 1 ms to 24 days. */
        public Builder connectTimeout(Duration value) {
            return duration(OptionKey.CONNECT_TIMEOUT, value);
        }

        /** Send timeout, 1 ms to 24 days. */
        public Builder sendTimeout(Duration value) {
            return duration(OptionKey.SEND_TIMEOUT, value);
        }

        /** Handshake timeout, 1 ms to 24 days. */
        public Builder authTimeout(Duration value) {
            return duration(OptionKey.AUTH_TIMEOUT, value);
        }

        /** Default call timeout, 1 ms to 24 days. */
        public Builder callTimeout(Duration value) {
            return duration(OptionKey.CALL_TIMEOUT, value);
        }

        /** Sbcast timeout, 1 ms to 24 days. */
        public Builder sbcastTimeout(Duration value) {
            return duration(OptionKey.SBCAST_TIMEOUT, value);
        }

        /** Client link inactivity timeout, up to 24 days; {@link Duration#ZERO} = never. */
        public Builder clientInactivityTimeout(Duration value) {
            return duration(OptionKey.CLIENT_INACTIVITY_TIMEOUT, value);
        }

        /** Server link inactivity timeout, up to 24 days; {@link Duration#ZERO} = never. */
        public Builder serverInactivityTimeout(Duration value) {
            return duration(OptionKey.SERVER_INACTIVITY_TIMEOUT, value);
        }

        /** Ping interval on idle links, up to 24 days; {@link Duration#ZERO} = never. */
        public Builder pingInterval(Duration value) {
            return duration(OptionKey.PING_INTERVAL, value);
        }

        /** Longest frame accepted, {@link Frame#MAX_HEADER_LENGTH} bytes to 1 GiB. */
        public Builder maxFrameLength(int bytes) {
            return size(OptionKey.MAX_FRAME_LENGTH, bytes);
        }

        /** Chunk size, 512 bytes to 16 MiB. */
        public Builder chunkSize(int bytes) {
            return size(OptionKey.CHUNK_SIZE, bytes);
        }

        /** Largest message accepted, 1 byte to about 2 GiB. */
        public Builder maxMessageSize(int bytes) {
            return size(OptionKey.MAX_MESSAGE_SIZE, bytes);
        }

        /** Bytes in reassembly at once per link, 1 byte to 1 TiB; at least {@code maxMessageSize}. */
        public Builder maxReassemblyBytes(long bytes) {
            return size(OptionKey.MAX_REASSEMBLY_BYTES, bytes);
        }

        /** Requests executing at once per link, 1 to 2^20. */
        public Builder maxInFlightPerConnection(int count) {
            return size(OptionKey.MAX_IN_FLIGHT_PER_CONNECTION, count);
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException if {@code maxFrameLength} cannot hold a chunk and its header, or
         *                                  {@code maxReassemblyBytes} is below {@code maxMessageSize}
         */
        public RpcOptions build() {
            long frame = values[OptionKey.MAX_FRAME_LENGTH.ordinal()];
            long chunk = values[OptionKey.CHUNK_SIZE.ordinal()];
            long needed = chunk + Frame.MAX_HEADER_LENGTH - 4;
            if (frame < needed) {
                throw new IllegalArgumentException("maxFrameLength (" + frame + ") must hold a chunk of chunkSize ("
                        + chunk + ") plus its header, i.e. be at least " + needed + "; raise maxFrameLength or lower"
                        + " chunkSize");
            }
            long message = values[OptionKey.MAX_MESSAGE_SIZE.ordinal()];
            long reassembly = values[OptionKey.MAX_REASSEMBLY_BYTES.ordinal()];
            if (reassembly < message) {
                throw new IllegalArgumentException("maxReassemblyBytes (" + reassembly + ") must be at least"
                        + " maxMessageSize (" + message + "), or no message of the maximum size could be received");
            }
            return new RpcOptions(this);
        }
    }
}
