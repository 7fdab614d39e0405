package io.noderpc.bench.headofline;

import io.noderpc.bench.LocalNodes;
import io.noderpc.bench.Recorder;
import io.noderpc.bench.RunConfig;
import io.noderpc.bench.Scenario;
import io.noderpc.bench.StartedProcesses;
import io.noderpc.core.NodeName;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.node.Node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The headofline scenario across a shaped link, as between two hosts on a 100 Mbit network: node A in the
 * benchmark JVM, node B in a JVM of its own inside a network namespace the benchmark creates
 * ({@link ShapedLink}: a veth pair, each direction limited by {@code tc tbf} to {@value #RATE_MBIT} Mbit/s
 * with a {@value #QUEUE_MS} ms bottleneck queue). Two senders move {@value #MESSAGE_MIB} MiB messages, the
 * size DESIGN §1's Erlang figure was measured with. Runs only as root with iproute2; {@code all} leaves it
 * out.
 */
public final class ShapedLinkScenario implements Scenario {

    static final int RATE_MBIT = 100;
    static final int QUEUE_MS = 20;
    static final int MESSAGE_MIB = 8;
    /** Long enough that bulk queued ahead of the ticks (two messages, 1.3 s at 100 Mbit/s) does not end the connection. */
    static final Duration TICK_TIME = Duration.ofSeconds(8);
    static final Duration FULL_PHASE = Duration.ofSeconds(10);
    static final Duration QUICK_PHASE = Duration.ofSeconds(3);
    static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "shaped";
    }

    @Override
    public String title() {
        return "small calls and ticks while bulk data moves over a shaped " + RATE_MBIT + " Mbit/s link between two"
                + " JVMs: separate data link, shared data link, distribution channel";
    }

    @Override
    public boolean inAll() {
        return false;
    }

    public static HeadOfLinePlan plan(RunConfig config) {
        return new HeadOfLinePlan(MESSAGE_MIB << 20, HeadOfLinePlan.SENDERS,
                config.quick() ? QUICK_PHASE : FULL_PHASE, config.warmUp(), HeadOfLinePlan.SMALL_CALL_INTERVAL,
                TICK_TIME, HeadOfLinePlan.SILENCE_SAMPLING);
    }

    @Override
    public Session open(RunConfig config, Recorder recorder) throws Exception {
        String unavailable = ShapedLink.unavailableReason().orElse(null);
        if (unavailable != null) {
            throw new IllegalStateException("the shaped scenario " + unavailable);
        }
        HeadOfLinePlan plan = plan(config);
        List<AutoCloseable> started = new ArrayList<>();
        AutoCloseable all = () -> {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("noderpc-bench: shaped: closing " + started.get(i) + ": " + e);
                }
            }
        };
        try {
            ShapedLink link = ShapedLink.create(RATE_MBIT, QUEUE_MS);
            started.add(link);
            int epmdPort = freePort(link.hostAddress());
            EpmdServer epmd = EpmdServer.builder().port(epmdPort).address(link.hostAddress()).build().start();
            started.add(epmd);
            NodeName bName = NodeName.of("hol-b@" + link.namespaceAddress());
            RemoteNode b = RemoteNode.start(link, bName, epmdPort, plan.tickTime());
            started.add(b);
            Node a = Node.builder().name("hol-a@" + link.hostAddress()).cookie(LocalNodes.COOKIE)
                    .epmdAddress(link.hostAddress()).epmdPort(epmdPort).bindInterface(link.hostAddress())
                    .tickTime(plan.tickTime()).build().start();
            started.add(a);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("rate_mbit", link.rateMbit());
            extra.put("queue_ms", link.queueMillis());
            extra.put("shaper", link.describe());
            return HeadOfLineScenario.HeadOfLineSession.open(name(), config, plan, recorder, a, bName, null, all,
                    "node A in the benchmark JVM on the host end, node B in its own JVM (same java, same classpath) "
                            + "in network namespace " + link.namespace() + ", each with an EPMD on its own address",
                    extra);
        } catch (Exception | Error e) {
            all.close();
            throw e;
        }
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    /** Node B's JVM ({@link RemoteNodeMain}) inside the namespace; closing its standard input stops it. */
    private static final class RemoteNode implements AutoCloseable {
        private final Process process;

        private RemoteNode(Process process) {
            this.process = process;
        }

        static RemoteNode start(ShapedLink link, NodeName name, int epmdPort, Duration tickTime)
                throws IOException, InterruptedException, TimeoutException {
            String java = ProcessHandle.current().info().command()
                    .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this JVM"));
            List<String> command = link.inNamespace(List.of(java, "-Xms256m", "-Xmx2g", "-XX:+UseG1GC",
                    "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
                    "-cp", System.getProperty("java.class.path"), RemoteNodeMain.class.getName(), name.toString(),
                    LocalNodes.COOKIE, link.namespaceAddress(), Integer.toString(epmdPort),
                    Long.toString(tickTime.toMillis())));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            StartedProcesses.track(p.toHandle());
            RemoteNode node = new RemoteNode(p);
            try {
                node.awaitReady(name);
                return node;
            } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
                node.close();
                throw e;
            }
        }

        private void awaitReady(NodeName name) throws InterruptedException, TimeoutException, IOException {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith(RemoteNodeMain.READY)) {
                            ready.complete(line);
                        }
                    }
                    ready.complete(null); // it exited first; otherwise no effect
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                }
            }, "shaped-node-b-output");
            reader.setDaemon(true); // goes on draining the node's output until it exits
            reader.start();
            try {
                String line = ready.get(NODE_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null) {
                    throw new IOException("node " + name + " exited before it was ready (exit "
                            + process.waitFor() + "); its errors are above");
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("reading node " + name + "'s output: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new TimeoutException("node " + name + " was not ready within " + NODE_START_TIMEOUT);
            }
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // the process is gone already
            }
            ProcessHandle handle = process.toHandle();
            if (StartedProcesses.awaitExit(handle, StartedProcesses.STOP_GRACE)) {
                StartedProcesses.forget(handle);
            } else {
                StartedProcesses.stop(handle);
            }
        }

        @Override
        public String toString() {
            return "node B's JVM (pid " + process.pid() + ")";
        }
    }
}
