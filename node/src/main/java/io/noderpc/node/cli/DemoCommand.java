package io.noderpc.node.cli;

import io.noderpc.client.MultiResult;
import io.noderpc.client.Rpc;
import io.noderpc.client.RpcFuture;
import io.noderpc.client.RpcService;
import io.noderpc.client.SbcastResult;
import io.noderpc.core.NodeKey;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdNames;
import io.noderpc.node.Monitor;
import io.noderpc.node.Node;
import io.noderpc.node.NodeEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code noderpc demo}: in one process, an EPMD (the running one, or an embedded one), two nodes, every kind of
 * call with its result, a node going down under its monitor, and a run that moves bulk data while measuring
 * small calls and the heartbeat, first with the bulk on the data channel, then on the distribution channel.
 */
@Command(name = "demo",
        description = {"Shows noderpc in one process: an EPMD (the running one, else an embedded one), two nodes,"
                + " every kind of call, a node going down, and small calls and heartbeats while bulk data moves"
                + " over the data channel, then over the distribution channel.", ""},
        exitCodeListHeading = HelpTexts.EXIT_STATUS_HEADING,
        exitCodeList = {HelpTexts.EXIT_OK, "1:a step failed (one line on stderr: noderpc: <reason>)",
            HelpTexts.EXIT_USAGE})
final class DemoCommand implements Callable<Integer> {

    private static final String HOST = "127.0.0.1";
    private static final int BULK_BYTES = 8 << 20;

    /** The typed view of the demo service, for the stub example. */
    @RpcService("demo")
    interface Demo {
        long add(long a, long b);

        String node();
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--epmd-port", paramLabel = "PORT", converter = OptionTypes.PortType.class,
            description = "EPMD's port; an embedded EPMD starts there if none answers. Default: $ERL_EPMD_PORT,"
                    + " else 4369.")
    Integer epmdPort;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "5",
            description = "Length of the bulk run, half with each channel. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Mixin
    HelpOption help;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        if (seconds < 2 || seconds > 600) {
            throw new IllegalArgumentException("--seconds must be in 2..600: " + seconds);
        }
        out = spec.commandLine().getOut();
        long started = System.nanoTime();
        int port = epmdPort != null ? epmdPort : EpmdClientOptions.defaultPort();
        String suffix = "-" + ProcessHandle.current().pid();
        List<Node> nodes = new ArrayList<>();
        try {
            title("1. EPMD and two nodes");
            Node alpha = start("alpha" + suffix, port, nodes);
            line("EPMD at %s:%d: %s", HOST, port, alpha.runsEmbeddedEpmd() ? "none answered, started an embedded one"
                    : "running already, reused");
            Node beta = start("beta" + suffix, port, nodes);
            for (Node n : nodes) {
                line("node %-24s dist port %5d (ticks, node up/down)   data port %5d (calls)", n.name(),
                        n.distPort(), n.dataPort());
            }
            try (EpmdClient epmd = EpmdClient.create(EpmdClientOptions.builder().host(HOST).port(port).build())) {
                EpmdNames names = epmd.names();
                line("EPMD knows: %s", names.nodes().stream().map(e -> e.name() + "=" + e.port()).toList());
            }
            List<Object> inbox = new CopyOnWriteArrayList<>();
            beta.mailboxes().register("inbox", inbox::add);
            alpha.mailboxes().register("inbox", inbox::add);

            calls(alpha, beta, inbox);
            nodeDown(alpha, port, suffix, nodes);
            bulk(alpha, beta);
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
        out.printf(Locale.ROOT, "%ndone in %.1f s%n", (System.nanoTime() - started) / 1e9);
        out.flush();
        return Main.EXIT_OK;
    }

    private Node start(String alive, int port, List<Node> nodes) {
        Node node = Node.builder().name(alive + "@" + HOST).cookie("noderpc-demo").epmdPort(port).epmdAddress(HOST)
                .embeddedEpmd(true).bindInterface(HOST).tickTime(Duration.ofSeconds(4)).build().start();
        nodes.add(node);
        DemoService.install(node, message -> { });
        return node;
    }

    private void calls(Node alpha, Node beta, List<Object> inbox) throws Exception {
        String b = beta.name().toString();
        String a = alpha.name().toString();
        Rpc rpc = alpha.rpc();
        title("2. Every kind of call, from " + alpha.name() + " to " + beta.name());
        show("call", "demo:echo(\"hello\")", () -> rpc.call(b, "demo", "echo", "hello"));
        show("call", "demo:add(2, 40)", () -> rpc.call(b, "demo", "add", 2L, 40L));
        show("call, 200 ms timeout", "demo:sleep(2000)", () -> rpc.withTimeout(Duration.ofMillis(200))
                .call(b, "demo", "sleep", 2000L));
        show("call, remote error", "demo:fail(\"boom\")", () -> rpc.call(b, "demo", "fail", "boom"));
        show("call, unknown function", "demo:nope()", () -> rpc.call(b, "demo", "nope"));
        show("cast", "demo:sleep(1)", () -> {
            rpc.cast(b, "demo", "sleep", 1L);
            return "sent, no answer expected";
        });
        show("ordered cast", "demo:echo(1), (2), (3)", () -> {
            for (long i = 1; i <= 3; i++) {
                rpc.orderedCast(NodeKey.of(b), "demo", "echo", i);
            }
            return "sent, run in this order";
        });
        show("async call + nb_yield", "demo:sleep(300)", () -> {
            RpcFuture<Object> f = rpc.asyncCall(b, "demo", "sleep", 300L);
            String first = f.poll().map(String::valueOf).orElse("not yet");
            return "poll() -> " + first + ", then await() -> " + f.await();
        });
        show("multicall", "demo:node() on both", () -> {
            MultiResult<Object> r = rpc.multicall(List.of(a, b), "demo", "node");
            return "results " + r.results() + ", failed " + r.badNodes().keySet();
        });
        show("eval everywhere", "demo:sleep(1) on both", () -> {
            rpc.evalEverywhere(List.of(a, b), "demo", "sleep", 1L);
            return "sent to both";
        });
        show("abcast", "'hi' to mailbox inbox on both", () -> {
            rpc.abcast(List.of(a, b), "inbox", "hi");
            return "sent";
        });
        show("sbcast", "'hello' to mailbox inbox on both", () -> {
            SbcastResult r = rpc.sbcast(List.of(a, b), "inbox", "hello");
            return r.toString();
        });
        show("keyed link", "demo:node() on key shard-7", () -> rpc.call(NodeKey.of(b, "shard-7"), "demo", "node")
                + " (links now: " + alpha.rpc().links() + ")");
        show("typed stub", "Demo.add(20, 22)", () -> rpc.stub(b, Demo.class).add(20, 22));
        show("send", "{inbox, beta} ! 'via dist'", () -> alpha.send(b, "inbox", "via dist")
                ? "handed to the distribution channel" : "not connected");
        show("distribution-channel RPC", "demo:echo(\"on the tick link\")",
                () -> alpha.distRpc().call(b, "demo", "echo", "on the tick link"));
        waitFor(() -> inbox.size() >= 5);
        line("mailbox inbox received: %s", inbox);
    }

    private void nodeDown(Node alpha, int port, String suffix, List<Node> nodes) throws Exception {
        title("3. A node going down");
        List<String> seen = new CopyOnWriteArrayList<>();
        Monitor monitor = alpha.monitorNodes(event -> {
            seen.add(event.toString());
            line("monitor on %s: %s", alpha.name(), event);
        });
        Node gamma = start("gamma" + suffix, port, nodes);
        String g = gamma.name().toString();
        alpha.connect(g);
        waitFor(() -> seen.size() >= 1);
        RpcFuture<Object> inFlight = alpha.rpc().asyncCall(g, "demo", "sleep", 3000L);
        Thread.sleep(100);
        line("a call to %s is in flight (demo:sleep(3000)); %s halts (closeNow)", g, g);
        long down = System.nanoTime();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(gamma::closeNow);
        try {
            inFlight.await();
            line("the call completed (unexpected)");
        } catch (RuntimeException e) {
            line("the call failed after %.0f ms, not at its timeout: %s", (System.nanoTime() - down) / 1e6,
                    TextFormat.error(e));
        }
        waitFor(() -> seen.size() >= 2);
        monitor.close();
        closing.join();
        nodes.remove(gamma);
    }

    private void bulk(Node alpha, Node beta) throws Exception {
        String b = beta.name().toString();
        long half = seconds * 1000L / 2;
        title(String.format(Locale.ROOT, "4. Small calls and heartbeats while %s pulls %d MiB blocks from %s"
                + " (%d s)", alpha.name(), BULK_BYTES >> 20, beta.name(), seconds));
        List<NodeEvent> downs = new CopyOnWriteArrayList<>();
        alpha.monitorNodes(e -> {
            if (!e.isUp()) {
                downs.add(e);
            }
        });
        Phase data = phase("bulk on the data channel", alpha, b, alpha.rpc(), half);
        Phase dist = phase("bulk on the dist channel", alpha, b, alpha.distRpc(), half);
        line("%-32s %26s %26s", "", data.name, dist.name);
        line("%-32s %26s %26s", "bulk throughput", mbps(data), mbps(dist));
        line("%-32s %26s %26s", "small call on the data channel", data.overData, dist.overData);
        line("%-32s %26s %26s", "small call on the dist channel", data.overDist, dist.overDist);
        line("%-32s %26s %26s", "heartbeat: longest silence", data.silence, dist.silence);
        line("(latencies p50 / p99 / max; ticks every 1000 ms, a node is down after 4000 ms of silence)");
        line("node down events during the run: %d", downs.size());
    }

    private record Phase(String name, long bytes, double seconds, String overData, String overDist, String silence) {
    }

    private static String mbps(Phase p) {
        return String.format(Locale.ROOT, "%.0f MiB/s", p.bytes / p.seconds / (1 << 20));
    }

    private Phase phase(String name, Node alpha, String b, Rpc bulkRpc, long millis) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong bytes = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    byte[] block = bulkRpc.withTimeout(Duration.ofSeconds(60)).call(b, "demo", "bytes",
                            (long) BULK_BYTES);
                    bytes.addAndGet(block.length);
                }
            }, "demo-bulk-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        long[] overData = new long[100_000];
        long[] overDist = new long[100_000];
        int[] counts = new int[2];
        long maxSilence = 0;
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        long end = start + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            alpha.rpc().call(b, "demo", "echo", "ping");
            long t1 = System.nanoTime();
            alpha.distRpc().call(b, "demo", "echo", "ping");
            long t2 = System.nanoTime();
            if (counts[0] < overData.length) {
                overData[counts[0]++] = t1 - t0;
                overDist[counts[1]++] = t2 - t1;
            }
            maxSilence = Math.max(maxSilence, alpha.silence(b).map(Duration::toNanos).orElse(0L));
            Thread.sleep(10);
        }
        running.set(false);
        for (Thread t : threads) {
            t.join(60_000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Phase(name, bytes.get(), elapsed, latency(overData, counts[0]), latency(overDist, counts[1]),
                String.format(Locale.ROOT, "%.0f ms", maxSilence / 1e6));
    }

    private static String latency(long[] samples, int n) {
        if (n == 0) {
            return "-";
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%s / %s / %s", ms(sorted[(n - 1) / 2]), ms(sorted[(int) ((n - 1) * 0.99)]),
                ms(sorted[n - 1]));
    }

    private static String ms(long nanos) {
        return nanos >= 10_000_000 ? String.format(Locale.ROOT, "%.0f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private void show(String kind, String what, Supplier<Object> call) {
        long t0 = System.nanoTime();
        String result;
        try {
            result = "-> " + TextFormat.result(call.get());
        } catch (RuntimeException e) {
            result = "!! " + TextFormat.error(e);
        }
        line("%-26s %-36s %s  (%.1f ms)", kind, what, result, (System.nanoTime() - t0) / 1e6);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void title(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    private synchronized void line(String format, Object... args) {
        out.println("   " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
