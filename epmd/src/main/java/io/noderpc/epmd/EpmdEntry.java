package io.noderpc.epmd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What EPMD knows about one node: the fields of an ALIVE2_REQ, returned verbatim by PORT_PLEASE2.
 *
 * <p>EPMD stores {@code nodeType}, {@code protocol}, the versions and {@code extra} without
 * interpreting them. Real OTP nodes register type {@code 77} ('M', normal and hidden nodes alike),
 * protocol {@code 0} (TCP/IPv4), versions 6..5 and an empty extra.
 *
 * @param name           node name without the host part ({@code "foo"} for {@code foo@host}),
 *                       at most 255 UTF-8 characters and 1020 bytes, no NUL
 * @param port           the node's distribution port, 0..65535
 * @param nodeType       77 for a normal node, 72 for a hidden one ({@link #TYPE_NORMAL}, {@link #TYPE_HIDDEN})
 * @param protocol       0 for TCP/IPv4
 * @param highestVersion highest distribution version the node speaks
 * @param lowestVersion  lowest distribution version the node speaks
 * @param extra          opaque bytes, at most 1020, returned byte-exact (may hold NULs)
 */
public record EpmdEntry(String name, int port, int nodeType, int protocol,
                        int highestVersion, int lowestVersion, byte[] extra) {

    public static final int TYPE_NORMAL = 77;
    public static final int TYPE_HIDDEN = 72;
    public static final int PROTOCOL_TCP_IPV4 = 0;
    public static final int DEFAULT_HIGHEST_VERSION = 6;
    public static final int DEFAULT_LOWEST_VERSION = 5;

    public EpmdEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(extra, "extra");
        requireRange("port", port, 0xFFFF);
        requireRange("nodeType", nodeType, 0xFF);
        requireRange("protocol", protocol, 0xFF);
        requireRange("highestVersion", highestVersion, 0xFFFF);
        requireRange("lowestVersion", lowestVersion, 0xFFFF);
        extra = extra.clone();
    }

    /** A normal node speaking TCP/IPv4 and distribution versions 5..6, like an OTP 25 node. */
    public static EpmdEntry of(String name, int port) {
        return new EpmdEntry(name, port, TYPE_NORMAL, PROTOCOL_TCP_IPV4,
                DEFAULT_HIGHEST_VERSION, DEFAULT_LOWEST_VERSION, new byte[0]);
    }

    /** This entry with another extra. */
    public EpmdEntry withExtra(byte[] newExtra) {
        return new EpmdEntry(name, port, nodeType, protocol, highestVersion, lowestVersion, newExtra);
    }

    /** A copy of the extra bytes. */
    @Override
    public byte[] extra() {
        return extra.clone();
    }

    /** The extra decoded as UTF-8 (malformed bytes replaced). */
    public String extraAsString() {
        return new String(extra, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpmdEntry e && port == e.port && nodeType == e.nodeType
                && protocol == e.protocol && highestVersion == e.highestVersion
                && lowestVersion == e.lowestVersion && name.equals(e.name) && Arrays.equals(extra, e.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, port, nodeType, protocol, highestVersion, lowestVersion) * 31
                + Arrays.hashCode(extra);
    }

    @Override
    public String toString() {
        return "EpmdEntry[name=" + name + ", port=" + port + ", nodeType=" + nodeType
                + ", protocol=" + protocol + ", versions=" + lowestVersion + ".." + highestVersion
                + ", extra=" + extra.length + " bytes]";
    }

    private static void requireRange(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be in 0.." + max + ", got " + value);
        }
    }
}
