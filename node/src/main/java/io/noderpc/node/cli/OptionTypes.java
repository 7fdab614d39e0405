package io.noderpc.node.cli;

import io.noderpc.core.NodeName;
import io.noderpc.node.PortRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The picocli converters of the command line's option and parameter types; each message says what is wrong. */
final class OptionTypes {

    /** The longest timeout the client accepts, in milliseconds (49 days). */
    static final long MAX_TIMEOUT_MILLIS = 49L * 24 * 3600 * 1000;

    private OptionTypes() {
    }

    /** {@code alive@host}, validated as {@link NodeName#of} does. */
    static final class NodeNameType implements ITypeConverter<NodeName> {
        @Override
        public NodeName convert(String value) {
            try {
                return NodeName.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A TCP port, 1..65535. */
    static final class PortType implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = number(value, "a port");
            if (port < 1 || port > 65535) {
                throw new TypeConversionException("'" + value + "' is not a port in 1..65535");
            }
            return port;
        }
    }

    /** {@code P} (0 for an ephemeral port) or {@code MIN-MAX}, the first free port of which is taken. */
    static final class PortRangeType implements ITypeConverter<PortRange> {
        @Override
        public PortRange convert(String value) {
            int dash = value.indexOf('-');
            try {
                if (dash < 0) {
                    return PortRange.single(number(value, "a port or a range MIN-MAX"));
                }
                return PortRange.of(number(value.substring(0, dash), "a range MIN-MAX"),
                        number(value.substring(dash + 1), "a range MIN-MAX"));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }

    /** A host name or IP address, resolved at once. */
    static final class AddressType implements ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) {
            try {
                return InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                throw new TypeConversionException("cannot resolve '" + value + "'");
            }
        }
    }

    /** A timeout in milliseconds, 1 ms to 49 days. */
    static final class MillisType implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long millis;
            try {
                millis = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of milliseconds");
            }
            if (millis < 1 || millis > MAX_TIMEOUT_MILLIS) {
                throw new TypeConversionException("'" + value + "' is not in 1.." + MAX_TIMEOUT_MILLIS
                        + " milliseconds");
            }
            return millis;
        }
    }

    /** A whole number of seconds, at least 1. */
    static final class SecondsType implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int seconds = number(value, "a whole number of seconds");
            if (seconds < 1) {
                throw new TypeConversionException("'" + value + "' is not a whole number of seconds, at least 1");
            }
            return seconds;
        }
    }

    /**
     * {@code alive@host,alive@host,...}.
     *
     * @throws IllegalArgumentException if a name is empty or invalid
     */
    static List<NodeName> nodeList(String value) {
        List<NodeName> nodes = new ArrayList<>();
        for (String name : value.split(",", -1)) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("--nodes '" + value + "' has an empty node name");
            }
            nodes.add(NodeName.of(name.strip()));
        }
        return nodes;
    }

    private static int number(String value, String what) {
        String digits = value.strip();
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
        return Integer.parseInt(digits);
    }
}
