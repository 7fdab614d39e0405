package io.noderpc.bench.epmd;

import io.noderpc.bench.ClosedLoop;
import io.noderpc.bench.Metric;
import io.noderpc.bench.Ports;
import io.noderpc.bench.ProcStatus;
import io.noderpc.bench.Recorder;
import io.noderpc.bench.RunConfig;
import io.noderpc.bench.Scenario;
import io.noderpc.bench.StartedProcesses;
import io.noderpc.bench.Trial;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * noderpc's EPMD daemon against OTP's, both separate processes on 127.0.0.1, driven by the same
 * blocking client ({@link EpmdWire}): lookups and registrations per second with 1 and 32 clients,
 * startup time, and resident memory idle and after the load. Without OTP's epmd only ours runs.
 */
public final class EpmdScenario implements Scenario {

    static final int REGISTERED_NAMES = 10;
    static final int[] CLIENTS = {1, 32};
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** Names ALIVE2 load registers are this prefix and a counter, so that none is ever used twice. */
    static final String LOAD_NAME_PREFIX = "load";
    /** The Extra of the resident names: what a noderpc node publishes (DESIGN §4.1), NUL included. */
    static final byte[] EXTRA = "noderpc/1 data=5370\0".getBytes(StandardCharsets.US_ASCII);
    /**
     * Close client sockets with SO_LINGER 0. Off: with Linux's default {@code tcp_tw_reuse=2} loopback
     * connections reuse TIME_WAIT ports and no error was seen; set {@code -Dnoderpc.bench.lingerZero=true}
     * if connects fail with "Cannot assign requested address".
     */
    static final boolean LINGER_ZERO = Boolean.getBoolean("noderpc.bench.lingerZero");

    @Override
    public String name() {
        return "epmd";
    }

    @Override
    public String title() {
        return "noderpc's EPMD daemon (bin/epmd) vs Erlang/OTP's epmd, separate processes, same client";
    }

    @Override
    public Session open(RunConfig config, Recorder recorder) throws Exception {
        List<EpmdCompetitor> competitors = new ArrayList<>();
        competitors.add(new EpmdCompetitor.Noderpc(config.root()));
        Optional<EpmdCompetitor.Otp> otp = EpmdCompetitor.Otp.find(config.root());
        if (otp.isPresent()) {
            competitors.add(otp.get());
        } else {
            System.err.println("epmd: OTP's epmd is not on PATH (apt-get install erlang-base, or set "
                    + "NODERPC_BENCH_OTP_EPMD); measuring noderpc alone, without ratios");
        }
        EpmdSession session = new EpmdSession(config, recorder, competitors);
        try {
            session.declareFigures();
            session.start();
            return session;
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }

    private static final class EpmdSession implements Session {

        private final RunConfig config;
        private final Recorder recorder;
        private final List<EpmdCompetitor> competitors;
        private final Map<String, RunningDaemon> daemons = new LinkedHashMap<>();
        private final Map<String, EpmdWire> clients = new LinkedHashMap<>();
        private final Map<String, AtomicLong> loadNames = new LinkedHashMap<>();
        private final List<SocketChannel> registrations = new ArrayList<>();
        private final byte[][] lookups = new byte[REGISTERED_NAMES][];

        EpmdSession(RunConfig config, Recorder recorder, List<EpmdCompetitor> competitors) {
            this.config = config;
            this.recorder = recorder;
            this.competitors = competitors;
            for (int i = 0; i < REGISTERED_NAMES; i++) {
                lookups[i] = EpmdWire.portPlease2Request(residentName(i));
            }
        }

        private static String residentName(int i) {
            return "bench" + i;
        }

        /** Throughput first, then startup, then memory, whatever order they are measured in. */
        void declareFigures() {
            List<Metric> order = new ArrayList<>();
            for (int n : CLIENTS) {
                order.add(EpmdMetrics.portPlease2(n));
            }
            for (int n : CLIENTS) {
                order.add(EpmdMetrics.alive2(n));
            }
            for (int n : CLIENTS) {
                order.add(EpmdMetrics.cpuPerOp("port_please2", n));
            }
            for (int n : CLIENTS) {
                order.add(EpmdMetrics.cpuPerOp("alive2", n));
            }
            order.addAll(List.of(EpmdMetrics.STARTUP, EpmdMetrics.STARTUP_RSS, EpmdMetrics.RSS_IDLE,
                    EpmdMetrics.RSS_AFTER_LOAD, EpmdMetrics.RSS_PEAK));
            recorder.declare(competitors.stream().map(EpmdCompetitor::name).toList(), order);
        }

        void start() throws Exception {
            for (EpmdCompetitor c : competitors) {
                RunningDaemon d = c.startDaemon();
                daemons.put(c.name(), d);
                clients.put(c.name(), new EpmdWire(d.address(), LINGER_ZERO));
                loadNames.put(c.name(), new AtomicLong());
            }
            Thread.sleep(SETTLE.toMillis());
            for (RunningDaemon d : daemons.values()) {
                recorder.record(EpmdMetrics.RSS_IDLE, d.competitor(), d.residentKib());
            }
            for (EpmdWire client : clients.values()) {
                for (int i = 0; i < REGISTERED_NAMES; i++) {
                    registrations.add(client.alive2AndHold(
                            EpmdWire.alive2Request(residentName(i), 40000 + i, EXTRA)));
                }
                for (int i = 0; i < REGISTERED_NAMES; i++) {
                    if (client.portPlease2(lookups[i]) != 40000 + i) {
                        throw new IllegalStateException("a lookup at " + client.address() + " gave the wrong port");
                    }
                }
            }
        }

        @Override
        public List<Competitor> competitors() {
            return competitors.stream().map(c -> new Competitor(c.name(), c.description())).toList();
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("registered_names", REGISTERED_NAMES);
            s.put("clients", List.of(CLIENTS[0], CLIENTS[1]));
            s.put("client", "blocking java.nio SocketChannel, TCP_NODELAY, one connection per operation");
            s.put("client_so_linger_zero", LINGER_ZERO);
            s.put("startup_poll_interval_ms", Ports.POLL_INTERVAL.toNanos() / 1e6);
            s.put("settle_s", SETTLE.toMillis() / 1000.0);
            return s;
        }

        @Override
        public void warmUp() throws Exception {
            for (EpmdCompetitor c : competitors) {
                portPlease2Load(c.name(), CLIENTS[CLIENTS.length - 1], config.warmUp());
            }
            for (EpmdCompetitor c : competitors) {
                alive2Load(c.name(), CLIENTS[CLIENTS.length - 1], config.warmUp());
            }
        }

        @Override
        public List<Trial> trials() {
            List<Trial> trials = new ArrayList<>();
            for (int n : CLIENTS) {
                trials.add(throughput("port_please2 x" + n, EpmdMetrics.portPlease2(n),
                        EpmdMetrics.cpuPerOp("port_please2", n), c -> portPlease2Load(c, n, config.measure())));
            }
            for (int n : CLIENTS) {
                trials.add(throughput("alive2 x" + n, EpmdMetrics.alive2(n),
                        EpmdMetrics.cpuPerOp("alive2", n), c -> alive2Load(c, n, config.measure())));
            }
            trials.add(new Trial() {
                @Override
                public String label() {
                    return "startup";
                }

                @Override
                public void run(String competitor, Recorder rec) throws Exception {
                    startup(competitor(competitor), rec);
                }
            });
            return trials;
        }

        @Override
        public void afterRounds() throws IOException {
            for (RunningDaemon d : daemons.values()) {
                d.checkAlive();
                recorder.record(EpmdMetrics.RSS_AFTER_LOAD, d.competitor(), d.residentKib());
                recorder.record(EpmdMetrics.RSS_PEAK, d.competitor(), d.peakResidentKib());
                // the resident names must have outlived all the load
                EpmdWire client = clients.get(d.competitor());
                for (int i = 0; i < REGISTERED_NAMES; i++) {
                    client.portPlease2(lookups[i]);
                }
            }
        }

        @Override
        public void close() {
            for (SocketChannel s : registrations) {
                try {
                    s.close();
                } catch (IOException e) {
                    // the daemon goes next anyway
                }
            }
            daemons.values().forEach(RunningDaemon::close);
        }

        private interface Load {
            ClosedLoop.Result run(String competitor) throws Exception;
        }

        private Trial throughput(String label, Metric metric, Metric cpuPerOp, Load load) {
            return new Trial() {
                @Override
                public String label() {
                    return label;
                }

                @Override
                public void run(String competitor, Recorder rec) throws Exception {
                    RunningDaemon daemon = daemons.get(competitor);
                    long cpu0 = daemon.cpuTimeNanos();
                    ClosedLoop.Result r = load.run(competitor);
                    long cpu = daemon.cpuTimeNanos() - cpu0;
                    daemon.checkAlive();
                    rec.record(metric, competitor, r.opsPerSecond());
                    if (r.ops() > 0) {
                        rec.record(cpuPerOp, competitor, cpu / 1e3 / r.ops());
                    }
                    rec.errors(metric, competitor, r.errors());
                    if (r.errors() > 0) {
                        System.err.printf("epmd: %s %s: %d operations failed, the first with %s%n", label, competitor,
                                r.errors(), r.firstError());
                    }
                }
            };
        }

        private ClosedLoop.Result portPlease2Load(String competitor, int n, Duration time) throws Exception {
            EpmdWire client = clients.get(competitor);
            return ClosedLoop.run("port-please2", n, time,
                    (c, seq) -> client.portPlease2(lookups[(int) (seq % REGISTERED_NAMES)]));
        }

        private ClosedLoop.Result alive2Load(String competitor, int n, Duration time) throws Exception {
            EpmdWire client = clients.get(competitor);
            AtomicLong names = loadNames.get(competitor);
            return ClosedLoop.run("alive2", n, time, (c, seq) -> client.alive2AndClose(EpmdWire.alive2Request(
                    LOAD_NAME_PREFIX + Long.toString(names.getAndIncrement(), 36), 50000, new byte[0])));
        }

        /** One foreground start, timed from just before the fork until the port accepts. */
        private void startup(EpmdCompetitor c, Recorder rec) throws Exception {
            IllegalStateException last = null;
            for (int attempt = 1; attempt <= EpmdCompetitor.START_ATTEMPTS; attempt++) {
                int port = Ports.freeLoopbackPort();
                ProcessBuilder pb = EpmdCompetitor.processBuilder(c.foregroundCommand(port));
                long t0 = System.nanoTime();
                ProcessHandle p = StartedProcesses.track(pb.start().toHandle());
                try {
                    long accepted = Ports.awaitAccepting(port, p, EpmdCompetitor.START_TIMEOUT);
                    long rss = ProcStatus.residentKib(p.pid()).orElseThrow();
                    rec.record(EpmdMetrics.STARTUP, c.name(), (accepted - t0) / 1e6);
                    rec.record(EpmdMetrics.STARTUP_RSS, c.name(), rss);
                    return;
                } catch (IllegalStateException e) {
                    last = e; // the port was taken meanwhile: the daemon exited; try another
                } catch (TimeoutException e) {
                    throw new IllegalStateException(c.name() + " did not start: " + e.getMessage(), e);
                } finally {
                    StartedProcesses.stop(p);
                }
            }
            throw new IllegalStateException(c.name() + ": no foreground start succeeded", last);
        }

        private EpmdCompetitor competitor(String name) {
            return competitors.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        }
    }
}
