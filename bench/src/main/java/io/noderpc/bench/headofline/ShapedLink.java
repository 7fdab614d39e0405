package io.noderpc.bench.headofline;

import io.noderpc.bench.Executables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A shaped link to a network namespace this benchmark creates and deletes itself: a veth pair, one end in
 * the host's namespace ({@link #hostAddress()}), the other in namespace {@link #namespace()}
 * ({@link #namespaceAddress()}), each end's egress limited by {@code tc}'s token bucket filter to
 * {@code rateMbit} with a bottleneck queue of {@code queueMillis} (packets beyond it are dropped, as a
 * router's short queue does). Needs root and iproute2 ({@code ip}, {@code tc}); see
 * {@link #unavailableReason()}.
 *
 * <p>Names and the /30 subnet derive from this process's pid, so that two runs do not collide; what was
 * created is deleted by {@link #close()} (deleting the namespace deletes the veth pair).
 */
final class ShapedLink implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_S = 10;

    private final String namespace;
    private final String hostEnd;
    private final String namespaceEnd;
    private final String hostAddress;
    private final String namespaceAddress;
    private final int rateMbit;
    private final int queueMillis;
    private boolean created;

    private ShapedLink(long pid, int rateMbit, int queueMillis) {
        this.namespace = "noderpc-bench-" + pid;
        this.hostEnd = "nrb" + pid + "h";
        this.namespaceEnd = "nrb" + pid + "n";
        int subnet = (int) (pid % 64) * 4;
        int second = (int) (pid / 64 % 250);
        this.hostAddress = "10.213." + second + "." + (subnet + 1);
        this.namespaceAddress = "10.213." + second + "." + (subnet + 2);
        this.rateMbit = rateMbit;
        this.queueMillis = queueMillis;
    }

    /** Why this machine cannot make the link (not root, no {@code ip} or {@code tc}), or empty if it can. */
    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root (network namespaces and tc), running as " + System.getProperty("user.name"));
        }
        for (String tool : List.of("ip", "tc")) {
            if (find(tool).isEmpty()) {
                return Optional.of("needs iproute2's " + tool + " on PATH or in /usr/sbin, /sbin (Debian: apt-get"
                        + " install iproute2)");
            }
        }
        return Optional.empty();
    }

    /** Creates the namespace, the veth pair, the addresses and the shapers. */
    static ShapedLink create(int rateMbit, int queueMillis) throws IOException, InterruptedException {
        ShapedLink link = new ShapedLink(ProcessHandle.current().pid(), rateMbit, queueMillis);
        try {
            link.setUp();
            return link;
        } catch (IOException | InterruptedException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private void setUp() throws IOException, InterruptedException {
        ip("netns", "add", namespace);
        created = true;
        ip("link", "add", hostEnd, "type", "veth", "peer", "name", namespaceEnd);
        ip("link", "set", namespaceEnd, "netns", namespace);
        ip("addr", "add", hostAddress + "/30", "dev", hostEnd);
        ip("link", "set", hostEnd, "up");
        ip("-n", namespace, "addr", "add", namespaceAddress + "/30", "dev", namespaceEnd);
        ip("-n", namespace, "link", "set", namespaceEnd, "up");
        ip("-n", namespace, "link", "set", "lo", "up");
        shape(List.of(), hostEnd);
        shape(List.of("-n", namespace), namespaceEnd);
    }

    /** {@code tc qdisc add dev DEV root tbf rate R burst 32kb latency Q}: egress of one end. */
    private void shape(List<String> where, String dev) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool("tc")));
        cmd.addAll(where);
        cmd.addAll(List.of("qdisc", "add", "dev", dev, "root", "tbf", "rate", rateMbit + "mbit", "burst", "32kb",
                "latency", queueMillis + "ms"));
        run(cmd);
    }

    String namespace() {
        return namespace;
    }

    String hostAddress() {
        return hostAddress;
    }

    String namespaceAddress() {
        return namespaceAddress;
    }

    int rateMbit() {
        return rateMbit;
    }

    int queueMillis() {
        return queueMillis;
    }

    /** The command that runs {@code command} inside the namespace. */
    List<String> inNamespace(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of(tool("ip"), "netns", "exec", namespace));
        cmd.addAll(command);
        return cmd;
    }

    /** The link and its shapers, as set up (for the report). */
    String describe() {
        return "veth pair host " + hostAddress + " <-> namespace " + namespace + " " + namespaceAddress + ", each"
                + " egress: tc tbf rate " + rateMbit + "mbit burst 32kb latency " + queueMillis + "ms";
    }

    @Override
    public void close() {
        if (!created) {
            return;
        }
        created = false;
        try {
            ip("netns", "delete", namespace);
        } catch (IOException | RuntimeException e) {
            System.err.println("noderpc-bench: could not delete network namespace " + namespace + ": " + e
                    + "; delete it with: ip netns delete " + namespace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool("ip")));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish within " + COMMAND_TIMEOUT_S + " s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + output);
        }
    }

    private static String tool(String name) {
        return find(name).map(Path::toString).orElse(name);
    }

    private static Optional<Path> find(String name) {
        return Executables.find(name, "/usr/sbin", "/sbin");
    }
}
