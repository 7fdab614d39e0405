package io.noderpc.epmd.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code epmd -daemon}: starts the same command detached (new session, standard streams on
 * {@code /dev/null}) and returns once the child listens, or with the child's status if it stopped
 * first (0 when an epmd already holds the port, as OTP's).
 *
 * <p>The child reports readiness with one line on a pipe and then closes its standard output.
 */
final class DaemonLauncher {

    static final String READY = "noderpc-epmd-ready";
    /** When set, the daemon writes its process id to this file once it listens. */
    static final String PIDFILE_ENV = "NODERPC_EPMD_PIDFILE";
    private static final long READY_TIMEOUT_SECONDS = 60;

    private DaemonLauncher() {
    }

    static int launch(String[] argv, PrintStream err) {
        List<String> cmd = new ArrayList<>();
        File setsid = new File("/usr/bin/setsid");
        if (setsid.canExecute()) {
            cmd.add(setsid.getPath());
        }
        cmd.add(ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EpmdCommand.class.getName());
        cmd.add(EpmdCommand.DAEMON_CHILD);
        for (String a : argv) {
            if (!a.equals("-daemon")) {
                cmd.add(a);
            }
        }
        cmd.add("-daemon");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .directory(new File("/"));
        try {
            Process child = pb.start();
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                String line = r.readLine();
                if (READY.equals(line)) {
                    return 0;
                }
            }
            if (child.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return child.exitValue();
            }
            err.println("epmd: the daemon did not start within " + READY_TIMEOUT_SECONDS + " s");
            return 1;
        } catch (IOException e) {
            err.println("epmd: cannot start the daemon: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Tells the launching parent that the daemon listens, then lets go of the pipe. */
    static void signalReady(PrintStream out, String pidFile) {
        if (pidFile != null && !pidFile.isBlank()) {
            try {
                Files.writeString(Path.of(pidFile), ProcessHandle.current().pid() + "\n");
            } catch (IOException e) {
                // the daemon runs all the same; only the pid file is missing
            }
        }
        out.println(READY);
        out.flush();
        out.close();
        System.setOut(nullStream());
    }

    static PrintStream nullStream() {
        return new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    }
}
