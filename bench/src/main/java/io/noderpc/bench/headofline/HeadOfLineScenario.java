package io.noderpc.bench.headofline;

import io.noderpc.bench.Chart;
import io.noderpc.bench.LocalNodes;
import io.noderpc.bench.Metric;
import io.noderpc.bench.Recorder;
import io.noderpc.bench.RunConfig;
import io.noderpc.bench.Scenario;
import io.noderpc.bench.Trial;
import io.noderpc.bench.Latencies;
import io.noderpc.core.NodeName;
import io.noderpc.node.Monitor;
import io.noderpc.node.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Head-of-line blocking: small-call latency, the silence of the distribution channel (the ticks'
 * gaps) and bulk throughput while two senders move large messages from node A to node B, for three
 * set-ups ({@link Setup}): (b) bulk on the data channel and small calls on a keyed data link of their
 * own, (c) both on the same data link, (a) both on the distribution channel. Both nodes run in the
 * benchmark JVM, on 127.0.0.1, with an EPMD of their own.
 */
public final class HeadOfLineScenario implements Scenario {

    static final Metric BULK = new Metric("bulk_mib_per_s", "MiB/s", HeadOfLinePlan.SENDERS, Metric.Better.HIGHER,
            "bulk bytes delivered per second (messages completed, from the start of the phase until the last one "
                    + "completed), " + HeadOfLinePlan.SENDERS + " senders back to back");
    static final Metric P50 = latency("p50");
    static final Metric P99 = latency("p99");
    static final Metric MAX = latency("max");
    static final Metric SILENCE = new Metric("dist_silence_max_ms", "ms", null, Metric.Better.LOWER,
            "longest time with nothing arriving on the distribution channel between A and B, either way "
                    + "(Node.silence read every ms); ticks go every tick time / 4, other traffic on the channel also "
                    + "counts as arrival, and a node is taken down at the tick time");
    static final Metric NODE_DOWNS = new Metric("nodedown_events", "events", null, Metric.Better.LOWER,
            "nodedown events A or B saw during the phase (a tick timeout, or a connection lost)");
    static final String DISTRIBUTION = "small_call_latency";

    @Override
    public String name() {
        return "headofline";
    }

    @Override
    public String title() {
        return "small calls and ticks while bulk data moves: separate data link, shared data link, "
                + "distribution channel";
    }

    static Metric latency(String quantile) {
        return new Metric("latency_" + quantile + "_ms", "ms", null, Metric.Better.LOWER,
                quantile + " of small-call latency (" + BulkPhase.SMALL_PAYLOAD_BYTES + "-byte echo, one caller, a "
                        + "call every " + HeadOfLinePlan.SMALL_CALL_INTERVAL.toMillis()
                        + " ms or at once after a slower one) while bulk moves, send to reply in hand");
    }

    @Override
    public Session open(RunConfig config, Recorder recorder) {
        HeadOfLinePlan plan = HeadOfLinePlan.of(config);
        LocalNodes cluster = LocalNodes.start();
        try {
            Node a = cluster.start("hol-a", plan.tickTime());
            Node b = cluster.start("hol-b", plan.tickTime());
            b.services().register(BulkPhase.service());
            return HeadOfLineSession.open(name(), config, plan, recorder, a, b.name(), b, cluster,
                    "nodes A and B in the benchmark JVM, loopback, embedded EPMD on a free port", Map.of());
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The rounds of a headofline run from node A to node B: B is {@code bLocal} when it runs in this JVM, else only
     * its name is known (the shaped scenario runs it in another process).
     */
    static final class HeadOfLineSession implements Session {
        private final String scenario;
        private final RunConfig config;
        private final HeadOfLinePlan plan;
        private final AutoCloseable resources;
        private final Node a;
        private final NodeName bName;
        private final Node bLocal;
        private final String placement;
        private final Map<String, Object> extraSettings;
        private final byte[] payload;
        private final AtomicLong nodeDowns = new AtomicLong();
        private final List<Monitor> monitors = new ArrayList<>();

        private HeadOfLineSession(String scenario, RunConfig config, HeadOfLinePlan plan, Node a, NodeName bName,
                                  Node bLocal, AutoCloseable resources, String placement,
                                  Map<String, Object> extraSettings) {
            this.scenario = scenario;
            this.config = config;
            this.plan = plan;
            this.resources = resources;
            this.a = a;
            this.bName = bName;
            this.bLocal = bLocal;
            this.placement = placement;
            this.extraSettings = extraSettings;
            this.payload = new byte[plan.messageBytes()];
            Arrays.fill(payload, (byte) 0x5a);
            for (Node n : bLocal == null ? List.of(a) : List.of(a, bLocal)) {
                monitors.add(n.monitorNodes(event -> {
                    if (!event.isUp()) {
                        nodeDowns.incrementAndGet();
                    }
                }));
            }
        }

        /**
         * A session whose {@code close()} closes {@code resources} (the nodes and whatever runs them); declares its
         * figures to {@code recorder} and connects A to B.
         */
        static HeadOfLineSession open(String scenario, RunConfig config, HeadOfLinePlan plan, Recorder recorder, Node a,
                                      NodeName bName, Node bLocal, AutoCloseable resources, String placement,
                                      Map<String, Object> extraSettings) {
            HeadOfLineSession session = new HeadOfLineSession(scenario, config, plan, a, bName, bLocal, resources,
                    placement, extraSettings);
            try {
                recorder.declare(session.competitors().stream().map(Competitor::name).toList(),
                        List.of(BULK, P50, P99, MAX, SILENCE, NODE_DOWNS));
                a.connect(bName);
                return session;
            } catch (RuntimeException | Error e) {
                session.monitors.forEach(Monitor::close);
                throw e;
            }
        }

        @Override
        public List<Competitor> competitors() {
            return Arrays.stream(Setup.values()).map(s -> new Competitor(s.competitor(), s.description())).toList();
        }

        @Override
        public List<Trial> trials() {
            return List.of(new Trial() {
                @Override
                public String label() {
                    return "bulk " + (plan.messageBytes() >> 20) + "MiB x" + plan.senders();
                }

                @Override
                public void run(String competitor, Recorder rec) throws Exception {
                    measure(Setup.of(competitor), rec);
                }
            });
        }

        private void measure(Setup setup, Recorder rec) throws Exception {
            long downsBefore = nodeDowns.get();
            BulkPhase.Result r = BulkPhase.run(a, bName, bLocal, setup, plan, payload, plan.phase());
            long downs = nodeDowns.get() - downsBefore;
            double[] ms = Arrays.stream(r.smallCallMicros()).map(us -> us / 1000).toArray();
            if (ms.length == 0 || r.bulkMessages() == 0) {
                throw new IllegalStateException(setup.competitor() + ": no " + (ms.length == 0 ? "small call"
                        : "bulk message") + " completed in the phase", r.firstError());
            }
            String c = setup.competitor();
            rec.record(BULK, c, r.bulkMibPerSecond());
            rec.record(P50, c, Latencies.quantile(ms, 0.50));
            rec.record(P99, c, Latencies.quantile(ms, 0.99));
            rec.record(MAX, c, ms[ms.length - 1]);
            rec.record(SILENCE, c, r.maxSilenceNanos() / 1e6);
            rec.record(NODE_DOWNS, c, downs);
            if (r.bulkErrors() > 0) {
                rec.errors(BULK, c, r.bulkErrors());
            }
            if (r.smallCallErrors() > 0) {
                rec.errors(P50, c, r.smallCallErrors());
            }
            rec.distribution(DISTRIBUTION, c, "ms", "every small call's latency, all rounds together; the "
                    + "percentile figures above are per round", ms);
        }

        @Override
        public void warmUp() throws Exception {
            for (Setup s : Setup.values()) {
                BulkPhase.run(a, bName, bLocal, s, plan, payload, plan.warmUpPhase());
            }
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("message_bytes", plan.messageBytes());
            s.put("senders", plan.senders());
            s.put("phase_s", plan.phase().toMillis() / 1000.0);
            s.put("small_call_bytes", BulkPhase.SMALL_PAYLOAD_BYTES);
            s.put("small_call_interval_ms", plan.smallCallInterval().toMillis());
            s.put("tick_time_s", plan.tickTime().toMillis() / 1000.0);
            s.put("tick_interval_ms", plan.tickTime().toMillis() / 4);
            s.put("silence_sampling_ms", plan.silenceSampling().toMillis());
            s.put("placement", placement);
            s.putAll(extraSettings);
            s.put("planned_s", plan.planned(config.rounds()).toSeconds());
            return s;
        }

        @Override
        public List<Chart> charts() {
            return List.of(
                    new Chart("latency", scenario + ": small-call latency under bulk (ms, median of rounds)",
                            Chart.Kind.BARS, List.of(P50.key(), P99.key(), MAX.key())),
                    new Chart("silence", scenario + ": longest silence of the distribution channel (ms, median of "
                            + "rounds; ticks every " + plan.tickTime().toMillis() / 4 + " ms)",
                            Chart.Kind.BARS, List.of(SILENCE.key())));
        }

        @Override
        public void close() {
            monitors.forEach(Monitor::close);
            try {
                resources.close();
            } catch (Exception e) {
                System.err.println("noderpc-bench: closing the headofline nodes: " + e);
            }
        }
    }
}
