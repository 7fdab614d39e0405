package io.noderpc.bench.calls;

import io.noderpc.bench.Executables;
import io.noderpc.epmd.EpmdServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Erlang's {@code erpc:call} between two local Erlang nodes, the peer noderpc is modelled on. Its
 * load cannot come from Java threads (each call would cross a third runtime), so it is generated and
 * timed in Erlang: {@code noderpc_bench_erpc.erl}, compiled at start into a temporary folder, runs on
 * a server node ({@code echo/1}, {@code sink/1}) and on a driver node whose caller processes call it
 * in a closed loop and print one {@link ErpcReport} line per load.
 *
 * <p>Both nodes run as shipped ({@code ERL_FLAGS} and friends removed): {@code -name X@127.0.0.1}, a
 * random cookie, {@code -start_epmd false} against noderpc's {@link EpmdServer} on a free loopback
 * port ({@code ERL_EPMD_PORT}), the distribution listener on 127.0.0.1 only, {@code -noshell}. They
 * halt when their standard input closes, and are otherwise stopped by pid.
 */
final class ErlangErpc implements SelfTimedCompetitor {

    /** Where to find {@code erl} when it is not the first on {@code PATH}. */
    static final String ERL_ENV = "NODERPC_BENCH_ERL";
    static final String MODULE = "noderpc_bench_erpc";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Beyond the load's own time: the drain of casts (30 s at most) and a margin. */
    static final Duration REPORT_GRACE = Duration.ofSeconds(60);
    private static final String HOST = "127.0.0.1";
    private static final List<String> UNSET = List.of("ERL_FLAGS", "ERL_AFLAGS", "ERL_ZFLAGS", "ERL_LIBS",
            "ERL_EPMD_ADDRESS", "ERL_EPMD_PORT");

    private final Path erl;
    private final PrintStream progress;
    private Path dir;
    private EpmdServer epmd;
    private ErlangProcess server;
    private ErlangProcess driver;
    private String versions = "";
    private int otpRelease;

    ErlangErpc(Path erl, PrintStream progress) {
        this.erl = erl;
        this.progress = progress;
    }

    /** {@code erl} from {@value #ERL_ENV}, else the first on {@code PATH}; empty if there is none. */
    static Optional<Path> findErl() {
        String configured = System.getenv(ERL_ENV);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        return Executables.find("erl");
    }

    @Override
    public String name() {
        return "erpc";
    }

    @Override
    public String description() {
        return "Erlang/OTP " + versions + ": erpc:call/5 between two local nodes (-name X@127.0.0.1, -start_epmd false,"
                + " noderpc's EpmdServer on a free port, default schedulers), load generated and timed in the driver"
                + " node by one Erlang process per caller (pipelined, OTP 25+: one process, erpc:send_request/6 and"
                + " receive_response/3 on a request id collection); one-way: erpc:cast/4 counted by the server node";
    }

    @Override
    public void start() throws Exception {
        dir = Files.createTempDirectory("noderpc-bench-erpc");
        Path source = dir.resolve(MODULE + ".erl");
        try (InputStream in = ErlangErpc.class.getResourceAsStream(MODULE + ".erl")) {
            if (in == null) {
                throw new IllegalStateException(MODULE + ".erl is missing from the bench jar");
            }
            Files.copy(in, source);
        }
        compile(source);
        epmd = EpmdServer.builder().port(0).address(HOST).build().start();
        String cookie = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        String serverNode = "noderpc_bench_server@" + HOST;
        server = node("erpc-server", serverNode, cookie, MODULE + ":serve()");
        versions(server);
        driver = node("erpc-driver", "noderpc_bench_driver@" + HOST, cookie,
                MODULE + ":drive('" + serverNode + "')");
        versions(driver);
    }

    private void versions(ErlangProcess node) throws Exception {
        Map<String, String> v = ErpcReport.ready(node.nextReport(START_TIMEOUT));
        versions = v.getOrDefault("otp", "?") + " (erts " + v.getOrDefault("erts", "?") + ")";
        otpRelease = release(v.get("otp"));
    }

    /** Compiles with {@code erlc} beside {@code erl} if there is one, else with {@code compile:file/2} in erl. */
    private void compile(Path source) throws IOException, TimeoutException {
        Path erlc = erl.resolveSibling("erlc");
        List<String> command = Files.isExecutable(erlc)
                ? List.of(erlc.toString(), "-o", dir.toString(), source.toString())
                : List.of(erl.toString(), "-noshell", "-start_epmd", "false", "-eval",
                        "case compile:file(\"" + source + "\", [report, {outdir, \"" + dir + "\"}]) of"
                                + " {ok, _} -> halt(0); _ -> halt(1) end.");
        ErlangProcess compiler = ErlangProcess.start("erlc", command, Map.of(), UNSET, progress);
        int status = compiler.awaitExit(START_TIMEOUT);
        if (status != 0 || !Files.exists(dir.resolve(MODULE + ".beam"))) {
            throw new IllegalStateException("compiling " + source + " failed (exit status " + status + ")");
        }
    }

    private ErlangProcess node(String label, String nodeName, String cookie, String eval) throws IOException {
        List<String> command = new ArrayList<>(List.of(erl.toString(), "-noshell", "-name", nodeName,
                "-setcookie", cookie, "-start_epmd", "false",
                "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
                "-pa", dir.toString(), "-eval", eval));
        return ErlangProcess.start(label, command, Map.of("ERL_EPMD_PORT", Integer.toString(epmd.port())), UNSET,
                progress);
    }

    @Override
    public LoadFigures calls(int payload, int callers, Duration duration) throws Exception {
        driver.send("calls " + payload + " " + callers + " " + duration.toMillis());
        return ErpcReport.calls(driver.nextReport(duration.plus(REPORT_GRACE)));
    }

    /** The major OTP release of a {@code ready} line's {@code otp} field (e.g. 25), 0 if it is not a number. */
    static int release(String otp) {
        try {
            return otp == null ? 0 : Integer.parseInt(otp.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** With OTP 25 or later: the pipelined load waits on a request id collection, new in OTP 25. */
    @Override
    public boolean hasPipelined() {
        return otpRelease >= 25;
    }

    @Override
    public LoadFigures pipelined(int payload, int outstanding, Duration duration) throws Exception {
        driver.send("pipelined " + payload + " " + outstanding + " " + duration.toMillis());
        return ErpcReport.pipelined(driver.nextReport(duration.plus(REPORT_GRACE)));
    }

    @Override
    public boolean hasCasts() {
        return true;
    }

    @Override
    public LoadFigures casts(int payload, int senders, Duration duration) throws Exception {
        driver.send("casts " + payload + " " + senders + " " + duration.toMillis());
        return ErpcReport.casts(driver.nextReport(duration.plus(REPORT_GRACE)));
    }

    @Override
    public void close() {
        for (ErlangProcess p : new ErlangProcess[] {driver, server}) {
            if (p != null) {
                p.close();
            }
        }
        if (epmd != null) {
            epmd.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                progress.println("erpc: could not delete " + dir + ": " + e);
            }
        }
    }
}
