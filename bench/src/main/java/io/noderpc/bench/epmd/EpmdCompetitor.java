package io.noderpc.bench.epmd;

import io.noderpc.bench.Executables;
import io.noderpc.bench.Ports;
import io.noderpc.bench.StartedProcesses;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A daemon under test and how it is started: in the foreground for the startup trial (both alike:
 * {@code -port P -address 127.0.0.1}, a child of the benchmark), and once for the whole session with
 * {@code -relaxed_command_check} so that KILL_REQ ends it.
 *
 * <p>Ours is started for the session with {@code bin/epmd -daemon}, as users start it, and found by
 * the pid it writes to {@code NODERPC_EPMD_PIDFILE}; OTP's runs as a foreground child. Either way
 * it is a process of its own, measured by the same client.
 */
abstract class EpmdCompetitor {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final int START_ATTEMPTS = 3;
    /** Environment that would change how a daemon runs; the benchmark runs both with their defaults. */
    private static final List<String> SCRUBBED_ENV = List.of("ERL_EPMD_PORT", "ERL_EPMD_ADDRESS",
            "ERL_EPMD_RELAXED_COMMAND_CHECK", "NODERPC_JAVA_OPTS", "NODERPC_EPMD_PIDFILE");

    private final String name;
    private final Path executable;

    EpmdCompetitor(String name, Path executable) {
        this.name = name;
        this.executable = executable;
    }

    String name() {
        return name;
    }

    Path executable() {
        return executable;
    }

    abstract String description();

    /** The foreground command of the startup trial. */
    List<String> foregroundCommand(int port) {
        return List.of(executable.toString(), "-port", Integer.toString(port), "-address", Ports.LOOPBACK);
    }

    /** Starts the daemon of the session on a free port and returns once it accepts connections. */
    final RunningDaemon startDaemon() throws IOException, InterruptedException, TimeoutException {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = Ports.freeLoopbackPort();
            try {
                ProcessHandle process = launchDaemon(port);
                Ports.awaitAccepting(port, process, START_TIMEOUT);
                return new RunningDaemon(name, port, process);
            } catch (IllegalStateException e) {
                last = e; // most likely the free port was taken meanwhile: try another
            }
        }
        throw new IllegalStateException(name + ": the daemon did not start in " + START_ATTEMPTS + " attempts", last);
    }

    /** Starts the daemon's process on {@code port}; it is tracked by {@link StartedProcesses}. */
    abstract ProcessHandle launchDaemon(int port) throws IOException, InterruptedException;

    static ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                // OTP's epmd reports every probe connection closed without a request on stderr
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        SCRUBBED_ENV.forEach(env::remove);
        return pb;
    }

    /** noderpc's {@code io.noderpc.epmd.EpmdServer}, run by {@code bin/epmd}. */
    static final class Noderpc extends EpmdCompetitor {

        Noderpc(Path root) {
            super("noderpc", root.resolve("bin/epmd"));
            if (!Files.isExecutable(executable())) {
                throw new IllegalStateException("not found or not executable: " + executable());
            }
        }

        @Override
        String description() {
            return "io.noderpc.epmd.EpmdServer: `bin/epmd -port P -address 127.0.0.1 -relaxed_command_check "
                    + "-daemon` (JVM flags as bin/epmd sets them), Java " + System.getProperty("java.version");
        }

        @Override
        ProcessHandle launchDaemon(int port) throws IOException, InterruptedException {
            Path pidFile = Files.createTempFile("noderpc-bench-epmd", ".pid");
            try {
                ProcessBuilder pb = processBuilder(List.of(executable().toString(), "-port", Integer.toString(port),
                        "-address", Ports.LOOPBACK, "-relaxed_command_check", "-daemon"));
                pb.environment().put("NODERPC_EPMD_PIDFILE", pidFile.toString());
                Process launcher = pb.start();
                if (!launcher.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    StartedProcesses.stop(launcher.toHandle());
                    throw new IllegalStateException("bin/epmd -daemon did not return within " + START_TIMEOUT);
                }
                String pid = Files.readString(pidFile).trim();
                if (launcher.exitValue() != 0 || pid.isEmpty()) {
                    // exit 0 without a pid: an epmd already held the port (OTP's behaviour)
                    throw new IllegalStateException("bin/epmd -daemon exited with " + launcher.exitValue()
                            + (pid.isEmpty() ? " and wrote no pid" : ""));
                }
                ProcessHandle daemon = ProcessHandle.of(Long.parseLong(pid)).orElseThrow(
                        () -> new IllegalStateException("the epmd daemon " + pid + " is already gone"));
                return StartedProcesses.track(daemon);
            } finally {
                Files.deleteIfExists(pidFile);
            }
        }
    }

    /** Erlang/OTP's own {@code epmd}. */
    static final class Otp extends EpmdCompetitor {

        private final String version;

        Otp(Path executable) {
            super("otp", executable);
            this.version = otpVersion(executable).orElse("unknown version");
        }

        /** OTP's epmd: {@code $NODERPC_BENCH_OTP_EPMD}, else the first {@code epmd} on PATH outside this project. */
        static Optional<Otp> find(Path root) {
            String configured = System.getenv("NODERPC_BENCH_OTP_EPMD");
            if (configured != null && !configured.isBlank()) {
                return Optional.of(new Otp(Path.of(configured)));
            }
            Path ours = root.resolve("bin").toAbsolutePath().normalize();
            return Executables.candidates("epmd").stream()
                    .filter(p -> !p.toAbsolutePath().normalize().getParent().equals(ours))
                    .findFirst()
                    .map(Otp::new);
        }

        @Override
        String description() {
            return "Erlang/OTP " + version + " epmd: `" + executable()
                    + " -port P -address 127.0.0.1 -relaxed_command_check`, a foreground child";
        }

        @Override
        ProcessHandle launchDaemon(int port) throws IOException {
            List<String> cmd = new ArrayList<>(foregroundCommand(port));
            cmd.add("-relaxed_command_check");
            return StartedProcesses.track(processBuilder(cmd).start().toHandle());
        }

        /** {@code .../lib/erlang/erts-13.1.5/bin/epmd} → the OTP_VERSION of {@code .../lib/erlang/releases/*}. */
        private static Optional<String> otpVersion(Path epmd) {
            try {
                Path erts = epmd.toRealPath().getParent().getParent();
                Path releases = erts.getParent().resolve("releases");
                try (Stream<Path> dirs = Files.list(releases)) {
                    for (Path d : dirs.sorted().toList()) {
                        Path v = d.resolve("OTP_VERSION");
                        if (Files.isRegularFile(v)) {
                            return Optional.of(Files.readString(v).trim() + " (" + erts.getFileName() + ")");
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the version is only for the report
            }
            return Optional.empty();
        }
    }
}
