package io.noderpc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * OTP's {@code epmd} run in the foreground as a child process on a free loopback port
 * ({@code -address 127.0.0.1}, to which epmd adds {@code ::1}). {@link #close()} ends it by its
 * process handle.
 */
public final class OtpEpmd implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path program;
    private final int port;
    private final boolean relaxed;
    private final Path log;
    private Process process;

    private OtpEpmd(Path program, int port, boolean relaxed) throws IOException {
        this.program = program;
        this.port = port;
        this.relaxed = relaxed;
        this.log = Files.createTempFile("otp-epmd-" + port + "-", ".log");
    }

    /** Starts {@code epmd -port P -address 127.0.0.1 [-relaxed_command_check]} and waits until it accepts. */
    public static OtpEpmd start(boolean relaxedCommandCheck) {
        Path program = OtpInstallation.epmd();
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                OtpEpmd epmd = new OtpEpmd(program, FreePorts.next(), relaxedCommandCheck);
                epmd.launch();
                return epmd;
            } catch (IllegalStateException portTakenMeanwhile) {
                failure = portTakenMeanwhile;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw failure;
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** Stops the daemon (its registrations die with it) and starts it again on the same port. */
    public void restart() {
        stopProcess();
        launch();
    }

    /**
     * Runs OTP's {@code epmd} client against this daemon ({@code epmd -port P <args>}) and returns
     * its standard output.
     */
    public String client(String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString(), "-port", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
            client.getOutputStream().close();
            byte[] out = client.getInputStream().readAllBytes();
            if (!client.waitFor(10, TimeUnit.SECONDS)) {
                client.destroyForcibly();
                throw new IllegalStateException("epmd client did not exit: " + command);
            }
            return new String(out, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the daemon wrote on stdout/stderr. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(program.toString(), "-port", Integer.toString(port),
                "-address", "127.0.0.1"));
        if (relaxed) {
            command.add("-relaxed_command_check");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("ERL_EPMD_PORT");
        builder.environment().remove("ERL_EPMD_ADDRESS");
        builder.environment().remove("ERL_EPMD_RELAXED_COMMAND_CHECK");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("epmd on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    if (!process.isAlive()) {
                        // epmd exits 0 when the port is taken: never talk to someone else's daemon
                        throw new IllegalStateException("epmd exited with " + process.exitValue()
                                + " (port " + port + " taken?): " + log());
                    }
                    return accepts();
                });
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
