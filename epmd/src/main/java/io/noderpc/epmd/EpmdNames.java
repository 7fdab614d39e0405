package io.noderpc.epmd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reply to NAMES_REQ: the port the daemon says it serves, the registered nodes, and the raw text.
 *
 * <pre>
 * EPMDPortNo:32 | "name " Name " at port " Port "\n" | ...      (until the daemon closes)
 * </pre>
 *
 * <p>{@link #raw()} is every byte after the 4-byte header, exactly as received: OTP's
 * {@code epmd -names} prints {@code epmd: up and running on port <epmdPort> with data:} followed by
 * these bytes. {@link #nodes()} is parsed from them, most recently registered first (the daemon's
 * order); a line that does not have the form {@code name N at port P} is left out of
 * {@code nodes()} but stays in {@code raw()}. A name may contain spaces: the port is taken after the
 * last {@code " at port "} of the line.
 *
 * @param epmdPort the daemon's own port from the header (OTP compares it with the port it dialled)
 * @param nodes    registered nodes, parsed from {@code raw}
 * @param raw      the bytes after the header
 */
public record EpmdNames(int epmdPort, List<Node> nodes, byte[] raw) {

    /** One registered node: its name and distribution port. */
    public record Node(String name, int port) {
        public Node {
            Objects.requireNonNull(name, "name");
        }
    }

    public EpmdNames {
        nodes = List.copyOf(nodes);
        raw = raw.clone();
    }

    /** A copy of the bytes after the header. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The bytes after the header decoded as UTF-8. */
    public String text() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** The port registered for {@code name}, if the daemon listed it. */
    public Optional<Integer> portOf(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).map(Node::port).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpmdNames n && epmdPort == n.epmdPort && nodes.equals(n.nodes)
                && Arrays.equals(raw, n.raw);
    }

    @Override
    public int hashCode() {
        return (epmdPort * 31 + nodes.hashCode()) * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "EpmdNames[epmdPort=" + epmdPort + ", nodes=" + nodes + "]";
    }
}
