package io.noderpc.epmd.cli;

import io.noderpc.testkit.FreePorts;
import io.noderpc.testkit.OtpInstallation;
import io.noderpc.testkit.ErlangTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/epmd}, the launcher users run, as a separate process. */
class EpmdCommandIT {

    private static final Path BIN_EPMD = Path.of(System.getProperty("user.dir")).resolve("../bin/epmd").normalize();
    private final List<Long> daemons = new ArrayList<>();

    @AfterEach
    void stopDaemons() {
        for (long pid : daemons) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            });
        }
    }

    private static ErlangTools.Result binEpmd(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BIN_EPMD.toString());
        cmd.addAll(List.of(args));
        return ErlangTools.run(cmd, env, 60);
    }

    private ErlangTools.Result startDaemon(int port, String... extra) throws IOException {
        Path pidFile = Files.createTempFile("epmd", ".pid");
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-address", "127.0.0.1"));
        args.addAll(List.of(extra));
        args.add("-daemon");
        ErlangTools.Result r = binEpmd(Map.of("NODERPC_EPMD_PIDFILE", pidFile.toString()), args.toArray(String[]::new));
        String pid = Files.readString(pidFile).trim();
        if (!pid.isEmpty()) {
            daemons.add(Long.parseLong(pid));
        }
        Files.delete(pidFile);
        return r;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void daemonReturnsOnceListeningAndKillStopsIt() throws IOException {
        int port = FreePorts.next();
        ErlangTools.Result started = startDaemon(port);
        assertEquals(0, started.exitCode(), started.stderr());
        assertTrue(listening(port), "listening as soon as -daemon returned");

        ErlangTools.Result names = binEpmd(Map.of(), "-port", Integer.toString(port), "-names");
        assertEquals(new ErlangTools.Result(0, "epmd: up and running on port " + port + " with data:\n", ""), names);

        ErlangTools.Result kill = binEpmd(Map.of("ERL_EPMD_PORT", Integer.toString(port)), "-kill");
        assertEquals(new ErlangTools.Result(0, "Killed\n", ""), kill);
        await().atMost(Duration.ofSeconds(10)).until(() -> !listening(port));
    }

    @Test
    void aSecondDaemonOnATakenPortExitsZero() throws IOException {
        int port = FreePorts.next();
        assertEquals(0, startDaemon(port).exitCode());
        ErlangTools.Result second = binEpmd(Map.of(), "-port", Integer.toString(port), "-address", "127.0.0.1");
        assertEquals(0, second.exitCode());
        ErlangTools.Result debug = binEpmd(Map.of(), "-d", "-port", Integer.toString(port), "-address", "127.0.0.1");
        assertEquals(0, debug.exitCode());
        assertTrue(debug.stderr().contains("there is already a epmd running at port " + port), debug.stderr());
        assertEquals(0, binEpmd(Map.of(), "-port", Integer.toString(port), "-kill").exitCode());
    }

    @Test
    void clientOutputMatchesOtpsClientAgainstTheSameDaemon() throws IOException {
        Optional<Path> otp = OtpInstallation.find("epmd");
        OtpInstallation.require("epmd");
        int port = FreePorts.next();
        assertEquals(0, startDaemon(port, "-relaxed_command_check").exitCode());
        try (ErlangNodeHolder node = new ErlangNodeHolder(port)) {
            for (String[] args : List.of(new String[] {"-names"}, new String[] {"-stop", "nobody"},
                    new String[] {"-dump"})) {
                List<String> full = new ArrayList<>(List.of("-port", Integer.toString(port)));
                full.addAll(List.of(args));
                List<String> otpCmd = new ArrayList<>(List.of(otp.orElseThrow().toString()));
                otpCmd.addAll(full);
                ErlangTools.Result expected = ErlangTools.run(otpCmd, Map.of(), 30);
                ErlangTools.Result actual = binEpmd(Map.of(), full.toArray(String[]::new));
                assertEquals(expected, actual, String.join(" ", args));
            }
        }
        assertEquals(new ErlangTools.Result(0, "Killed\n", ""), binEpmd(Map.of(), "-port", Integer.toString(port), "-kill"));
    }

    @Test
    void clientFailuresAndUsageMatchOtp() {
        int closed = FreePorts.next();
        Path otp = OtpInstallation.require("epmd");
        for (String[] args : List.of(new String[] {"-port", Integer.toString(closed), "-names"},
                new String[] {"-port", Integer.toString(closed), "-kill"},
                new String[] {"-no_such_flag"}, new String[] {"-port", "0", "-names"},
                new String[] {"-names", "extra"}, new String[] {"-packet_timeout"})) {
            List<String> otpCmd = new ArrayList<>(List.of(otp.toString()));
            otpCmd.addAll(List.of(args));
            ErlangTools.Result expected = ErlangTools.run(otpCmd, Map.of(), 30);
            assertEquals(expected, binEpmd(Map.of(), args), String.join(" ", args));
        }
    }

    /** Holds one registration open with a plain socket, as a node does. */
    private static final class ErlangNodeHolder implements AutoCloseable {
        private final Socket socket;

        ErlangNodeHolder(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write(io.noderpc.epmd.testing.EpmdPackets.alive2("held", 4711, 6, 5, new byte[0]));
            socket.getInputStream().readNBytes(6);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
