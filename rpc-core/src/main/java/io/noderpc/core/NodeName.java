package io.noderpc.core;

import java.util.Objects;

/**
 * The name of a node, {@code alive@host}, validated as Erlang validates node names.
 *
 * <ul>
 *   <li>The <em>alive</em> part is 1 or more characters of {@code [A-Za-z0-9_-]}.</li>
 *   <li>The <em>host</em> part, after the first {@code @}, is 1 or more characters of {@code [A-Za-z0-9._:-]}
 *       (host names, IPv4 and IPv6 literals); it contains no further {@code @}.</li>
 *   <li>The whole name is at most {@value #MAX_LENGTH} characters (Erlang's atom limit).</li>
 * </ul>
 *
 * <p>A <em>long</em> name ({@code erl -name}) has a fully qualified host or an IP address, that is a host with a
 * {@code .} or {@code :}; a <em>short</em> name ({@code erl -sname}) has a bare host name. Like Erlang, noderpc
 * does not mix them in one cluster, but this class only reports which one a name is ({@link #isLongName()}).
 *
 * <p>Immutable; equality is by the full name, case-sensitive (as Erlang atoms are).
 */
public final class NodeName implements Comparable<NodeName> {

    /** The longest node name accepted, in characters (all characters are ASCII, so also in bytes). */
    public static final int MAX_LENGTH = 255;

    private final String name;
    private final int at;

    private NodeName(String name, int at) {
        this.name = name;
        this.at = at;
    }

    /**
     * Parses {@code alive@host}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code name}
     */
    public static NodeName of(String name) {
        Objects.requireNonNull(name, "name");
        int at = name.indexOf('@');
        if (at < 0) {
            throw invalid(name, "it has no '@host' part (use e.g. 'a@127.0.0.1' or 'a@myhost')");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid(name, "it is longer than " + MAX_LENGTH + " characters");
        }
        if (at == 0) {
            throw invalid(name, "the part before '@' is empty");
        }
        if (at == name.length() - 1) {
            throw invalid(name, "the host part after '@' is empty");
        }
        for (int i = 0; i < at; i++) {
            char c = name.charAt(i);
            if (!isAliveChar(c)) {
                throw invalid(name, "character '" + printable(c) + "' before '@' is not one of [A-Za-z0-9_-]");
            }
        }
        for (int i = at + 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAliveChar(c) && c != '.' && c != ':') {
                throw invalid(name, "character '" + printable(c) + "' in the host part is not one of [A-Za-z0-9._:-]");
            }
        }
        return new NodeName(name, at);
    }

    /**
     * The node {@code alive@host}.
     *
     * @throws IllegalArgumentException if either part is invalid
     */
    public static NodeName of(String alive, String host) {
        return of(Objects.requireNonNull(alive, "alive") + "@" + Objects.requireNonNull(host, "host"));
    }

    /** The part before {@code @}. */
    public String alive() {
        return name.substring(0, at);
    }

    /** The part after {@code @}. */
    public String host() {
        return name.substring(at + 1);
    }

    /** Whether the host part is fully qualified or an IP address ({@code -name}), not a bare host ({@code -sname}). */
    public boolean isLongName() {
        return name.indexOf('.', at) >= 0 || name.indexOf(':', at) >= 0;
    }

    @Override
    public int compareTo(NodeName other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeName && ((NodeName) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** The full name, {@code alive@host}. */
    @Override
    public String toString() {
        return name;
    }

    private static boolean isAliveChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static IllegalArgumentException invalid(String name, String why) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return new IllegalArgumentException("invalid node name '" + shown + "': " + why);
    }
}
