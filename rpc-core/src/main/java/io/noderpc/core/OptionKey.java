package io.noderpc.core;

import io.noderpc.core.frame.Frame;
import io.noderpc.core.internal.OptionValues;
import java.time.Duration;

/** The options of {@link RpcOptions}: name, kind, default and range, with parsing and rendering. */
enum OptionKey {
    CONNECT_TIMEOUT("connectTimeout", Kind.TIMEOUT, RpcOptions.DEFAULT_CONNECT_TIMEOUT.toMillis(), 1,
            Integer.MAX_VALUE),
    SEND_TIMEOUT("sendTimeout", Kind.TIMEOUT, RpcOptions.DEFAULT_SEND_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE),
    AUTH_TIMEOUT("authTimeout", Kind.TIMEOUT, RpcOptions.DEFAULT_AUTH_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE),
    CALL_TIMEOUT("callTimeout", Kind.TIMEOUT, RpcOptions.DEFAULT_CALL_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE),
    SBCAST_TIMEOUT("sbcastTimeout", Kind.TIMEOUT, RpcOptions.DEFAULT_SBCAST_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE),
    CLIENT_INACTIVITY_TIMEOUT("clientInactivityTimeout", Kind.OPTIONAL_TIMEOUT,
            RpcOptions.DEFAULT_CLIENT_INACTIVITY_TIMEOUT.toMillis(), 0, Integer.MAX_VALUE),
    SERVER_INACTIVITY_TIMEOUT("serverInactivityTimeout", Kind.OPTIONAL_TIMEOUT,
            RpcOptions.DEFAULT_SERVER_INACTIVITY_TIMEOUT.toMillis(), 0, Integer.MAX_VALUE),
    PING_INTERVAL("pingInterval", Kind.OPTIONAL_TIMEOUT, RpcOptions.DEFAULT_PING_INTERVAL.toMillis(), 0,
            Integer.MAX_VALUE),
    MAX_FRAME_LENGTH("maxFrameLength", Kind.SIZE, RpcOptions.DEFAULT_MAX_FRAME_LENGTH, Frame.MAX_HEADER_LENGTH,
            1L << 30),
    CHUNK_SIZE("chunkSize", Kind.SIZE, RpcOptions.DEFAULT_CHUNK_SIZE, 512, 1L << 24),
    MAX_MESSAGE_SIZE("maxMessageSize", Kind.SIZE, RpcOptions.DEFAULT_MAX_MESSAGE_SIZE, 1, Integer.MAX_VALUE - 16),
    MAX_REASSEMBLY_BYTES("maxReassemblyBytes", Kind.SIZE, RpcOptions.DEFAULT_MAX_REASSEMBLY_BYTES, 1, 1L << 40),
    MAX_IN_FLIGHT_PER_CONNECTION("maxInFlightPerConnection", Kind.COUNT,
            RpcOptions.DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION, 1, 1 << 20);

    enum Kind { TIMEOUT, OPTIONAL_TIMEOUT, SIZE, COUNT }

    /** The longest duration accepted, about 24.8 days. */
    static final long MAX_MILLIS = Integer.MAX_VALUE;

    final String name;
    final Kind kind;
    final long defaultValue;
    final long min;
    final long max;

    OptionKey(String name, Kind kind, long defaultValue, long min, long max) {
        this.name = name;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
    }

    String format(long value) {
        switch (kind) {
            case TIMEOUT:
            case OPTIONAL_TIMEOUT:
                return OptionValues.formatDuration(Duration.ofMillis(value));
            case SIZE:
                return OptionValues.formatSize(value);
            default:
                return Long.toString(value);
        }
    }

    long parse(String text) {
        switch (kind) {
            case TIMEOUT:
            case OPTIONAL_TIMEOUT:
                return OptionValues.parseDuration(text).toMillis();
            case SIZE:
                return OptionValues.parseSize(text);
            default:
                try {
                    return Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
                }
        }
    }

    long check(long value, String origin) {
        if (value < min || value > max) {
            String range = kind == Kind.OPTIONAL_TIMEOUT ? "between 1ms and " + format(max) + ", or never (0)"
                    : "between " + format(min) + " and " + format(max);
            throw new IllegalArgumentException(name + origin + " must be " + range + ": " + format(value));
        }
        return value;
    }
}
