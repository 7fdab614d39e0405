package io.noderpc.bench.calls;

import io.noderpc.bench.Metric;
import io.noderpc.bench.Recorder;
import io.noderpc.bench.RunConfig;
import io.noderpc.bench.Scenario;
import io.noderpc.bench.Trial;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request/response calls and one-way casts over loopback: throughput and latency (p50, p99) with 1
 * and 64 concurrent callers, per payload size, with 64 calls kept in flight by one thread, and
 * one-way throughput, for every competitor in
 * turn. The first competitor is noderpc's data channel; the others are its distribution channel,
 * the raw-TCP floor, gRPC-java and, when {@code erl} is installed, Erlang's {@code erpc}.
 */
public final class CallsScenario implements Scenario {

    static final int[] CALLERS = {1, 64};
    static final int[] PAYLOADS = {32, 4096, 1 << 20};
    static final int CAST_PAYLOAD = 32;
    static final int CAST_SENDERS = 1;
    /** The floor's own figure: a 1-byte round trip, the least a call can cost (DESIGN §6's anchor). */
    static final int FLOOR_ROUND_TRIP_PAYLOAD = 1;
    /**
     * Calls kept in flight from one thread: DESIGN §6's "64 calls outstanding", the load of gRPC's
     * best anchor, where no caller thread waits per call.
     */
    static final int PIPELINED_OUTSTANDING = 64;
    static final int PIPELINED_PAYLOAD = 32;
    /** Bulk streaming: one sender writing messages of this size one way, back to back. */
    static final int STREAM_PAYLOAD = 1 << 20;
    /**
     * The time of one sample with {@code --quick}: shorter than the harness's quick sample, as this
     * scenario takes 7 samples per competitor and round and must stay near 90 s in all.
     */
    static final Duration QUICK_SAMPLE = Duration.ofMillis(500);
    /** With {@code --quick}, the warm-up load of each competitor per payload and for casts. */
    static final Duration QUICK_WARM_UP_PER_LOAD = Duration.ofMillis(500);

    private final PrintStream progress;

    public CallsScenario() {
        this(System.err);
    }

    CallsScenario(PrintStream progress) {
        this.progress = progress;
    }

    @Override
    public String name() {
        return "calls";
    }

    @Override
    public String title() {
        return "request/response calls and one-way casts over loopback, 1 and 64 callers: noderpc's data channel"
                + " against its distribution channel, the raw-TCP floor, gRPC-java and Erlang erpc";
    }

    @Override
    public Session open(RunConfig config, Recorder recorder) throws Exception {
        int maxCallers = Arrays.stream(CALLERS).max().orElseThrow();
        List<SelfTimedCompetitor> competitors = CallCompetitors.available(maxCallers, CAST_SENDERS, progress);
        CallsSession session = new CallsSession(config, recorder, competitors);
        try {
            for (SelfTimedCompetitor c : competitors) {
                c.start();
            }
            session.declare();
            return session;
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }

    /** How long one sample loads: the harness's measuring time, shortened with {@code --quick}. */
    static Duration sampleTime(RunConfig config) {
        return config.quick() ? QUICK_SAMPLE : config.measure();
    }

    static Duration warmUpPerLoad(RunConfig config) {
        return config.quick() ? QUICK_WARM_UP_PER_LOAD : config.warmUp();
    }

    static Metric throughput(int payload, int callers) {
        return Metric.throughput("calls_per_s_" + payload + "b", callers,
                "completed calls per second, " + payload + "-byte payload echoed, closed loop");
    }

    static Metric latency(String quantile, int payload, int callers) {
        return new Metric("latency_" + quantile + "_us_" + payload + "b", "us", callers, Metric.Better.LOWER,
                quantile + " of call latency (send to reply in hand), " + payload + "-byte payload");
    }

    static Metric pipelinedThroughput(int payload, int outstanding) {
        return Metric.throughput("pipelined_calls_per_s_" + payload + "b", outstanding,
                "completed calls per second, " + payload + "-byte payload echoed, " + outstanding
                        + " calls kept in flight by one thread (async calls)");
    }

    static Metric pipelinedLatency(String quantile, int payload, int outstanding) {
        return new Metric("pipelined_latency_" + quantile + "_us_" + payload + "b", "us", outstanding,
                Metric.Better.LOWER, quantile + " of call latency with " + outstanding + " calls in flight (send to"
                        + " reply), " + payload + "-byte payload");
    }

    static Metric streamThroughput(int payload, int senders) {
        return new Metric("stream_mib_per_s", "MiB/s", senders, Metric.Better.HIGHER,
                "bulk streaming: MiB per second of " + size(payload) + " one-way messages (casts; the floor: "
                        + "length-prefixed writes) handled by the receiver, " + senders + " sender back to back");
    }

    static Metric castThroughput(int payload, int senders) {
        return Metric.throughput("casts_per_s_" + payload + "b", senders,
                "one-way messages per second handled by the receiver, " + payload
                        + "-byte payload, from the first send until the last message was handled");
    }

    private static final class CallsSession implements Session {
        private final RunConfig config;
        private final Recorder recorder;
        private final List<SelfTimedCompetitor> competitors;
        private final Map<String, SelfTimedCompetitor> byName = new LinkedHashMap<>();

        CallsSession(RunConfig config, Recorder recorder, List<SelfTimedCompetitor> competitors) {
            this.config = config;
            this.recorder = recorder;
            this.competitors = competitors;
            competitors.forEach(c -> byName.put(c.name(), c));
        }

        void declare() {
            List<Metric> metrics = new ArrayList<>();
            for (int payload : PAYLOADS) {
                for (int n : CALLERS) {
                    metrics.add(throughput(payload, n));
                    metrics.add(latency("p50", payload, n));
                    metrics.add(latency("p99", payload, n));
                }
            }
            for (int n : CALLERS) {
                metrics.add(throughput(FLOOR_ROUND_TRIP_PAYLOAD, n));
                metrics.add(latency("p50", FLOOR_ROUND_TRIP_PAYLOAD, n));
                metrics.add(latency("p99", FLOOR_ROUND_TRIP_PAYLOAD, n));
            }
            metrics.add(pipelinedThroughput(PIPELINED_PAYLOAD, PIPELINED_OUTSTANDING));
            metrics.add(pipelinedLatency("p50", PIPELINED_PAYLOAD, PIPELINED_OUTSTANDING));
            metrics.add(pipelinedLatency("p99", PIPELINED_PAYLOAD, PIPELINED_OUTSTANDING));
            metrics.add(castThroughput(CAST_PAYLOAD, CAST_SENDERS));
            metrics.add(streamThroughput(STREAM_PAYLOAD, CAST_SENDERS));
            recorder.declare(competitors.stream().map(SelfTimedCompetitor::name).toList(), metrics);
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
            if (byName.containsKey(RawTcpFloor.NAME)) {
                for (int n : CALLERS) {
                    trials.add(new CallTrial(FLOOR_ROUND_TRIP_PAYLOAD, n, RawTcpFloor.NAME));
                }
            }
            trials.add(new PipelinedTrial(PIPELINED_PAYLOAD, PIPELINED_OUTSTANDING));
            trials.add(new OneWayTrial("cast", CAST_PAYLOAD, CAST_SENDERS, castThroughput(CAST_PAYLOAD, CAST_SENDERS),
                    1));
            trials.add(new OneWayTrial("stream", STREAM_PAYLOAD, CAST_SENDERS,
                    streamThroughput(STREAM_PAYLOAD, CAST_SENDERS), (double) STREAM_PAYLOAD / (1 << 20)));
            return trials;
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("callers", Arrays.stream(CALLERS).boxed().toList());
            s.put("payload_bytes", Arrays.stream(PAYLOADS).boxed().toList());
            s.put("pipelined_outstanding", PIPELINED_OUTSTANDING);
            s.put("pipelined_payload_bytes", PIPELINED_PAYLOAD);
            s.put("cast_payload_bytes", CAST_PAYLOAD);
            s.put("cast_senders", CAST_SENDERS);
            s.put("floor_round_trip_bytes", FLOOR_ROUND_TRIP_PAYLOAD);
            s.put("stream_payload_bytes", STREAM_PAYLOAD);
            s.put("sample_s", sampleTime(config).toMillis() / 1000.0);
            s.put("warm_up_per_load_s", warmUpPerLoad(config).toMillis() / 1000.0);
            s.put("placement", "servers and clients on 127.0.0.1; Java competitors in the benchmark JVM,"
                    + " erpc between two local Erlang nodes");
            return s;
        }

        @Override
        public void warmUp() throws Exception {
            Duration d = warmUpPerLoad(config);
            int most = CALLERS[CALLERS.length - 1];
            for (SelfTimedCompetitor c : competitors) {
                for (int payload : PAYLOADS) {
                    c.calls(payload, most, d);
                }
                if (c.hasPipelined()) {
                    c.pipelined(PIPELINED_PAYLOAD, PIPELINED_OUTSTANDING, d);
                }
                if (c.hasCasts()) {
                    c.casts(CAST_PAYLOAD, CAST_SENDERS, d);
                    c.casts(STREAM_PAYLOAD, CAST_SENDERS, d);
                }
            }
        }

        /** A load's rate and latencies, and its failed calls (if any) against the rate. */
        private static void recordCalls(Recorder rec, String competitor, LoadFigures f, Metric rate, Metric p50,
                                        Metric p99) {
            rec.record(rate, competitor, f.opsPerSecond());
            rec.record(p50, competitor, f.p50Micros());
            rec.record(p99, competitor, f.p99Micros());
            if (f.errors() > 0) {
                rec.errors(rate, competitor, f.errors());
            }
        }

        private final class CallTrial implements Trial {
            private final int payload;
            private final int clients;
            /** The only competitor that runs it, or {@code null} for all. */
            private final String only;

            CallTrial(int payload, int clients) {
                this(payload, clients, null);
            }

            CallTrial(int payload, int clients, String only) {
                this.payload = payload;
                this.clients = clients;
                this.only = only;
            }

            @Override
            public String label() {
                return "call " + size(payload) + " x" + clients;
            }

            @Override
            public void run(String competitor, Recorder rec) throws Exception {
                if (only != null && !only.equals(competitor)) {
                    return;
                }
                LoadFigures f = byName.get(competitor).calls(payload, clients, sampleTime(config));
                recordCalls(rec, competitor, f, throughput(payload, clients), latency("p50", payload, clients),
                        latency("p99", payload, clients));
            }
        }

        /** Calls kept in flight by one thread, for the competitors that can call without waiting. */
        private final class PipelinedTrial implements Trial {
            private final int payload;
            private final int outstanding;

            PipelinedTrial(int payload, int outstanding) {
                this.payload = payload;
                this.outstanding = outstanding;
            }

            @Override
            public String label() {
                return "pipelined " + size(payload) + " x" + outstanding;
            }

            @Override
            public void run(String competitor, Recorder rec) throws Exception {
                SelfTimedCompetitor c = byName.get(competitor);
                if (!c.hasPipelined()) {
                    return;
                }
                LoadFigures f = c.pipelined(payload, outstanding, sampleTime(config));
                recordCalls(rec, competitor, f, pipelinedThroughput(payload, outstanding),
                        pipelinedLatency("p50", payload, outstanding), pipelinedLatency("p99", payload, outstanding));
            }
        }

        /**
         * One-way messages from {@code senders}, for the competitors that have them; {@code metric} gets the
         * messages handled per second times {@code unitsPerMessage} (1 for a count, the MiB of one for a rate).
         */
        private final class OneWayTrial implements Trial {
            private final String what;
            private final int payload;
            private final int senders;
            private final Metric metric;
            private final double unitsPerMessage;

            OneWayTrial(String what, int payload, int senders, Metric metric, double unitsPerMessage) {
                this.what = what;
                this.payload = payload;
                this.senders = senders;
                this.metric = metric;
                this.unitsPerMessage = unitsPerMessage;
            }

            @Override
            public String label() {
                return what + " " + size(payload) + " x" + senders;
            }

            @Override
            public void run(String competitor, Recorder rec) throws Exception {
                SelfTimedCompetitor c = byName.get(competitor);
                if (!c.hasCasts()) {
                    return;
                }
                LoadFigures f = c.casts(payload, senders, sampleTime(config));
                rec.record(metric, competitor, f.opsPerSecond() * unitsPerMessage);
                if (f.errors() > 0) {
                    rec.errors(metric, competitor, f.errors());
                }
            }
        }

        @Override
        public void close() {
            for (SelfTimedCompetitor c : competitors) {
                c.close();
            }
        }
    }

    static String size(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }
}
