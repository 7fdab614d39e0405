package io.noderpc.bench.scale;

import io.noderpc.bench.ClosedLoop;
import io.noderpc.bench.Latencies;
import io.noderpc.bench.LocalNodes;
import io.noderpc.bench.Metric;
import io.noderpc.bench.ProcStatus;
import io.noderpc.bench.Recorder;
import io.noderpc.bench.RunConfig;
import io.noderpc.bench.Scenario;
import io.noderpc.bench.Trial;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.client.Rpc;
import io.noderpc.node.Node;
import io.noderpc.node.NodeSettings;
import io.noderpc.server.Service;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many links to one node: what 1,000 idle keyed links cost (time to open, heap after GC, resident
 * memory, threads) and how calls spread over 100 keyed links compare with the same calls on one link.
 * Server and client nodes run in the benchmark JVM on 127.0.0.1, so memory figures hold both ends of
 * every link.
 */
public final class ScaleScenario implements Scenario {

    static final String KEYED = "keyed_links";
    static final String ONE_LINK = "one_link";
    static final String SERVICE = "scale";

    static final Metric OPEN = Metric.lowerIsBetter("open_links_ms", "ms", "time to open "
            + ScalePlan.IDLE_LINKS + " keyed links from a fresh client node, one after another: the first call "
            + "on each NodeKey.of(server, \"k\" + i) (connect, handshake, a 1-byte echo)");
    static final Metric CLOSE = Metric.lowerIsBetter("close_links_ms", "ms", "time to close the client node "
            + "holding them (every link closed)");
    static final Metric HEAP = Metric.lowerIsBetter("heap_per_link_kib", "KiB", "heap used after a full GC, "
            + "with the links open and idle, minus the same before the client node started, per link (both ends)");
    static final Metric RSS = Metric.lowerIsBetter("rss_per_link_kib", "KiB", "resident set size of the JVM "
            + "(VmRSS) with the links open, minus the same before, per link (both ends; includes heap growth)");
    static final Metric THREADS = Metric.lowerIsBetter("threads_added", "threads", "live threads with the links "
            + "open minus before the client node started (all " + ScalePlan.IDLE_LINKS + " links and the node)");

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String title() {
        return "1,000 idle keyed links to one node (time, memory), and calls spread over 100 keyed links "
                + "against one link";
    }

    static Metric throughput(int callers) {
        return Metric.throughput("calls_per_s", callers, "completed 32-byte echo calls per second, closed loop; "
                + KEYED + ": call n goes to link \"k\" + (n mod " + ScalePlan.SPREAD_LINKS + "); " + ONE_LINK
                + ": every call on the plain link");
    }

    static Metric latency(String quantile, int callers) {
        return new Metric("latency_" + quantile + "_us", "us", callers, Metric.Better.LOWER,
                quantile + " of call latency in the calls_per_s load, send to reply in hand");
    }

    @Override
    public Session open(RunConfig config, Recorder recorder) throws Exception {
        ScalePlan plan = ScalePlan.of(config);
        LocalNodes cluster = LocalNodes.start();
        try {
            Node server = cluster.start("scale-server", NodeSettings.DEFAULT_TICK_TIME);
            server.services().register(Service.builder(SERVICE).function("echo", 1, args -> args[0]).build());
            Node client = cluster.start("scale-client", NodeSettings.DEFAULT_TICK_TIME);
            ScaleSession session = new ScaleSession(plan, cluster, server, client);
            List<Metric> metrics = new ArrayList<>();
            for (int n : plan.callers()) {
                metrics.add(throughput(n));
                metrics.add(latency("p50", n));
                metrics.add(latency("p99", n));
            }
            metrics.addAll(List.of(OPEN, CLOSE, HEAP, RSS, THREADS));
            recorder.declare(List.of(KEYED, ONE_LINK), metrics);
            return session;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static final class ScaleSession implements Session {
        private static final byte[] SMALL = new byte[32];
        private static final byte[] ONE_BYTE = new byte[1];
        private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

        private final ScalePlan plan;
        private final LocalNodes cluster;
        private final Node server;
        private final Rpc rpc;
        private final NodeKey[] spread;
        private final NodeKey plain;
        private int linkRuns;

        ScaleSession(ScalePlan plan, LocalNodes cluster, Node server, Node client) {
            this.plan = plan;
            this.cluster = cluster;
            this.server = server;
            this.rpc = client.rpc().withTimeout(CALL_TIMEOUT);
            NodeName to = server.name();
            this.spread = new NodeKey[plan.spreadLinks()];
            for (int i = 0; i < spread.length; i++) {
                spread[i] = NodeKey.of(to, "k" + i);
            }
            this.plain = NodeKey.of(to);
        }

        @Override
        public List<Competitor> competitors() {
            return List.of(
                    new Competitor(KEYED, "noderpc data channel, calls spread over " + plan.spreadLinks()
                            + " keyed links (NodeKey.of(server, \"k\" + i)), " + plan.idleLinks()
                            + " idle keyed links in the links trial"),
                    new Competitor(ONE_LINK, "noderpc data channel, every call on the one plain link to the server"));
        }

        @Override
        public List<Trial> trials() {
            List<Trial> trials = new ArrayList<>();
            for (int n : plan.callers()) {
                trials.add(new Trial() {
                    @Override
                    public String label() {
                        return "calls x" + n;
                    }

                    @Override
                    public void run(String competitor, Recorder rec) throws Exception {
                        calls(competitor, n, rec);
                    }
                });
            }
            trials.add(new Trial() {
                @Override
                public String label() {
                    return plan.idleLinks() + " idle links";
                }

                @Override
                public void run(String competitor, Recorder rec) throws Exception {
                    if (competitor.equals(KEYED)) {
                        links(rec);
                    }
                }
            });
            return trials;
        }

        private ClosedLoop.Result load(String competitor, int callers, Duration duration, Latencies latencies)
                throws Exception {
            boolean keyed = competitor.equals(KEYED);
            ClosedLoop.Result r = ClosedLoop.run("scale-" + competitor, callers, duration, (client, seq) -> {
                long t0 = System.nanoTime();
                byte[] echo = rpc.call(keyed ? spread[(int) (seq % spread.length)] : plain, SERVICE, "echo",
                        (Object) SMALL);
                long took = System.nanoTime() - t0;
                if (echo.length != SMALL.length) {
                    throw new IllegalStateException("echo of " + SMALL.length + " bytes came back with "
                            + echo.length);
                }
                if (latencies != null) {
                    latencies.record(client, took);
                }
            });
            if (r.ops() == 0 && r.firstError() != null) {
                throw r.firstError();
            }
            return r;
        }

        private void calls(String competitor, int callers, Recorder rec) throws Exception {
            Latencies latencies = new Latencies(callers);
            ClosedLoop.Result r = load(competitor, callers, plan.measure(), latencies);
            double[] us = latencies.sortedMicros();
            rec.record(throughput(callers), competitor, r.opsPerSecond());
            rec.record(latency("p50", callers), competitor, Latencies.quantile(us, 0.50));
            rec.record(latency("p99", callers), competitor, Latencies.quantile(us, 0.99));
            if (r.errors() > 0) {
                rec.errors(throughput(callers), competitor, r.errors());
            }
        }

        private void links(Recorder rec) throws Exception {
            long pid = ProcessHandle.current().pid();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long heapBefore = heapAfterGc(memory);
            long rssBefore = ProcStatus.residentKib(pid).orElse(0);
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            Node client = cluster.start("scale-links-" + (++linkRuns), NodeSettings.DEFAULT_TICK_TIME);
            try {
                client.connect(server.name());
                Rpc links = client.rpc().withTimeout(CALL_TIMEOUT);
                long t0 = System.nanoTime();
                for (int i = 0; i < plan.idleLinks(); i++) {
                    byte[] echo = links.call(NodeKey.of(server.name(), "k" + i), SERVICE, "echo", (Object) ONE_BYTE);
                    if (echo.length != 1) {
                        throw new IllegalStateException("echo of 1 byte came back with " + echo.length);
                    }
                }
                double openMs = (System.nanoTime() - t0) / 1e6;
                long open = client.rpc().links().stream().filter(NodeKey::isKeyed).count();
                if (open < plan.idleLinks()) {
                    throw new IllegalStateException("only " + open + " of " + plan.idleLinks() + " links are open");
                }
                long heapAfter = heapAfterGc(memory);
                long rssAfter = ProcStatus.residentKib(pid).orElse(0);
                int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
                rec.record(OPEN, KEYED, openMs);
                long t1 = System.nanoTime();
                cluster.stop(client);
                rec.record(CLOSE, KEYED, (System.nanoTime() - t1) / 1e6);
                rec.record(HEAP, KEYED, (heapAfter - heapBefore) / 1024.0 / plan.idleLinks());
                if (rssBefore > 0 && rssAfter > 0) {
                    rec.record(RSS, KEYED, (rssAfter - rssBefore) / (double) plan.idleLinks());
                }
                rec.record(THREADS, KEYED, threadsAfter - threadsBefore);
            } finally {
                cluster.stop(client);
            }
        }

        /** Heap in use after two full collections, in bytes. */
        private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
            for (int i = 0; i < 2; i++) {
                System.gc();
                Thread.sleep(50);
            }
            return memory.getHeapMemoryUsage().getUsed();
        }

        @Override
        public void warmUp() throws Exception {
            for (NodeKey k : spread) {
                rpc.call(k, SERVICE, "echo", (Object) SMALL);
            }
            rpc.call(plain, SERVICE, "echo", (Object) SMALL);
            int max = Arrays.stream(plan.callers()).max().orElseThrow();
            for (String c : List.of(KEYED, ONE_LINK)) {
                load(c, max, plan.warmUp(), null);
            }
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("idle_links", plan.idleLinks());
            s.put("spread_links", plan.spreadLinks());
            s.put("callers", Arrays.stream(plan.callers()).boxed().toList());
            s.put("payload_bytes", SMALL.length);
            s.put("measure_s", plan.measure().toMillis() / 1000.0);
            s.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
            s.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList());
            s.put("placement", "server node, client node and the links trial's fresh client node in the benchmark "
                    + "JVM, loopback, embedded EPMD on a free port");
            return s;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
