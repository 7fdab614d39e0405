package io.noderpc.node;

/**
 * A range of TCP ports a listener may take, like Erlang's {@code inet_dist_listen_min}/{@code inet_dist_listen_max}:
 * the node binds the first free port from {@link #min()} to {@link #max()}. {@link #EPHEMERAL} ({@code 0..0}) lets
 * the operating system choose.
 *
 * @param min the first port tried, 0..65535 (0 only in {@link #EPHEMERAL})
 * @param max the last port tried, {@code min..65535}
 */
public record PortRange(int min, int max) {

    /** Any free port, chosen by the operating system. */
    public static final PortRange EPHEMERAL = new PortRange(0, 0);

    /**
     * @throws IllegalArgumentException if a bound is outside 0..65535, {@code min > max}, or only one bound is 0
     */
    public PortRange {
        if (min < 0 || min > 65535 || max < 0 || max > 65535) {
            throw new IllegalArgumentException("port range " + min + ".." + max + ": ports must be in 0..65535");
        }
        if (min > max) {
            throw new IllegalArgumentException("port range " + min + ".." + max + ": min is greater than max");
        }
        if (min == 0 && max != 0) {
            throw new IllegalArgumentException("port range " + min + ".." + max
                    + ": 0 (ephemeral) can only be used alone, as 0..0");
        }
    }

    /** The ports {@code min..max}. */
    public static PortRange of(int min, int max) {
        return new PortRange(min, max);
    }

    /** Exactly {@code port}; 0 is {@link #EPHEMERAL}. */
    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    /** Whether the operating system chooses the port. */
    public boolean isEphemeral() {
        return min == 0;
    }

    /** How many ports the range holds (1 for {@link #EPHEMERAL}). */
    public int size() {
        return max - min + 1;
    }

    @Override
    public String toString() {
        return isEphemeral() ? "ephemeral" : min == max ? Integer.toString(min) : min + ".." + max;
    }
}
