package io.noderpc.bench.calls;

import io.noderpc.bench.ClosedLoop;
import io.noderpc.bench.Metric;
import io.noderpc.bench.Recorder;
import io.noderpc.bench.RunConfig;
import io.noderpc.bench.Scenario;
import io.noderpc.bench.Trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request/response calls, server and client in one JVM on loopback: throughput and latency
 * (p50, p99) with 1 and 64 concurrent callers, per payload size, for every competitor in turn.
 * The first competitor is noderpc's data channel when it is available; the floor is raw TCP.
 */
public final class CallsScenario implements Scenario {

    static final int[] CALLERS = {1, 64};
    static final int[] PAYLOADS = {32, 4096};

    @Override
    public String name() {
        return "calls";
    }

    @Override
    public String title() {
        return "request/response calls over loopback, 1 and 64 callers: noderpc against the raw-TCP floor";
    }

    @Override
    public Session open(RunConfig config, Recorder recorder) throws Exception {
        int maxCallers = Arrays.stream(CALLERS).max().orElseThrow();
        List<CallCompetitor> competitors = new ArrayList<>(CallCompetitors.available(maxCallers));
        CallsSession session = new CallsSession(config, recorder, competitors);
        try {
            for (CallCompetitor c : competitors) {
                c.start();
            }
            session.declare();
            return session;
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }

    static Metric throughput(int payload, int callers) {
        return Metric.throughput("calls_per_s_" + payload + "b", callers,
                "completed calls per second, " + payload + "-byte payload echoed, closed loop");
    }

    static Metric latency(String quantile, int payload, int callers) {
        return new Metric("latency_" + quantile + "_us_" + payload + "b", "us", callers, Metric.Better.LOWER,
                quantile + " of call latency (send to reply in hand), " + payload + "-byte payload");
    }

    private static final class CallsSession implements Session {
        private final RunConfig config;
        private final Recorder recorder;
        private final List<CallCompetitor> competitors;
        private final Map<String, CallCompetitor.Caller[]> callers = new LinkedHashMap<>();

        CallsSession(RunConfig config, Recorder recorder, List<CallCompetitor> competitors) {
            this.config = config;
            this.recorder = recorder;
            this.competitors = competitors;
        }

        void declare() throws Exception {
            List<Metric> metrics = new ArrayList<>();
            for (int payload : PAYLOADS) {
                for (int n : CALLERS) {
                    metrics.add(throughput(payload, n));
                    metrics.add(latency("p50", payload, n));
                    metrics.add(latency("p99", payload, n));
                }
            }
            recorder.declare(competitors.stream().map(CallCompetitor::name).toList(), metrics);
            int max = Arrays.stream(CALLERS).max().orElseThrow();
            for (CallCompetitor c : competitors) {
                CallCompetitor.Caller[] cs = new CallCompetitor.Caller[max];
                for (int i = 0; i < max; i++) {
                    cs[i] = c.caller(i);
                }
                callers.put(c.name(), cs);
            }
        }

        @Override
        public List<Competitor> competitors() {
            return competitors.stream().map(c -> new Competitor(c.name(), c.description())).toList();
        }

        @Override
        public List<Trial> trials() {
            List<Trial> trials = new ArrayList<>();
            for (int payload : PAYLOADS) {
                for (int n : CALLERS) {
                    trials.add(new CallTrial(payload, n));
                }
            }
            return trials;
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("callers", Arrays.stream(CALLERS).boxed().toList());
            s.put("payload_bytes", Arrays.stream(PAYLOADS).boxed().toList());
            s.put("measure_s", config.measure().toMillis() / 1000.0);
            s.put("placement", "server and client in the benchmark JVM, loopback, one connection per caller");
            return s;
        }

        @Override
        public void warmUp() throws Exception {
            for (CallCompetitor c : competitors) {
                for (int payload : PAYLOADS) {
                    load(c.name(), payload, CALLERS[CALLERS.length - 1], config.warmUp(), null);
                }
            }
        }

        private ClosedLoop.Result load(String competitor, int payload, int clients, java.time.Duration duration,
                                       LatencySamples latencies) throws Exception {
            CallCompetitor.Caller[] cs = callers.get(competitor);
            byte[] request = new byte[payload];
            Arrays.fill(request, (byte) 7);
            ClosedLoop.Result r = ClosedLoop.run(competitor, clients, duration, (client, seq) -> {
                long start = System.nanoTime();
                byte[] reply = cs[client].call(request);
                long took = System.nanoTime() - start;
                if (reply.length != payload) {
                    throw new IllegalStateException("echo of " + payload + " bytes came back with " + reply.length);
                }
                if (latencies != null) {
                    latencies.record(client, took);
                }
            });
            if (r.firstError() != null && r.ops() == 0) {
                throw r.firstError();
            }
            return r;
        }

        private final class CallTrial implements Trial {
            private final int payload;
            private final int clients;

            CallTrial(int payload, int clients) {
                this.payload = payload;
                this.clients = clients;
            }

            @Override
            public String label() {
                return "call " + payload + "B x" + clients;
            }

            @Override
            public void run(String competitor, Recorder rec) throws Exception {
                LatencySamples latencies = new LatencySamples(clients);
                ClosedLoop.Result r = load(competitor, payload, clients, config.measure(), latencies);
                rec.record(throughput(payload, clients), competitor, r.opsPerSecond());
                rec.record(latency("p50", payload, clients), competitor, latencies.quantileMicros(0.50));
                rec.record(latency("p99", payload, clients), competitor, latencies.quantileMicros(0.99));
                if (r.errors() > 0) {
                    rec.errors(throughput(payload, clients), competitor, r.errors());
                }
            }
        }

        @Override
        public void close() {
            for (CallCompetitor c : competitors) {
                c.close();
            }
        }
    }
}
