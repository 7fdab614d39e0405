package io.noderpc.bench.calls;

import io.noderpc.bench.StartedProcesses;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@code erl} process spoken to in lines: commands to its standard input, reports
 * ({@link ErpcReport#isReport}) from its standard output; other output lines go to
 * {@code progress}, standard error is inherited. It is tracked by {@link StartedProcesses} and
 * stopped by its own handle: {@link #close()} closes its standard input (the Erlang side halts on
 * end of input), waits, and ends it by pid if it is still there.
 */
final class ErlangProcess implements AutoCloseable {

    /** How long a node may take to halt after its standard input closed. */
    static final Duration HALT_GRACE = Duration.ofSeconds(5);

    private static final String END = "\u0000end";

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();

    private ErlangProcess(String name, Process process, PrintStream progress) {
        this.name = name;
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> read(progress), "erl-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} with {@code env} added to (and {@code unset} removed from) this environment. */
    static ErlangProcess start(String name, List<String> command, Map<String, String> env, List<String> unset,
                               PrintStream progress) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        StartedProcesses.track(p.toHandle());
        return new ErlangProcess(name, p, progress);
    }

    private void read(PrintStream progress) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (ErpcReport.isReport(line)) {
                    reports.add(line);
                } else {
                    progress.println(name + ": " + line);
                }
            }
        } catch (IOException e) {
            progress.println(name + ": reading its output failed: " + e);
        } finally {
            reports.add(END);
        }
    }

    /** Sends one command line. */
    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not take commands any more (exit status "
                    + (process.isAlive() ? "none yet" : process.exitValue()) + ")", e);
        }
    }

    /**
     * The next report, waiting at most {@code timeout}.
     *
     * @throws TimeoutException      if none came in time
     * @throws IllegalStateException if the process ended first
     */
    String nextReport(Duration timeout) throws InterruptedException, TimeoutException {
        String line = reports.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new TimeoutException(name + " reported nothing within " + timeout);
        }
        if (line.equals(END)) {
            reports.add(END);
            StartedProcesses.awaitExit(process.toHandle(), HALT_GRACE);
            throw new IllegalStateException(name + " ended (exit status "
                    + (process.isAlive() ? "unknown" : process.exitValue()) + ")");
        }
        return line;
    }

    /**
     * Runs to the end and returns the exit status, or stops it by pid after {@code timeout}; for
     * one-shot commands such as the compiler.
     */
    int awaitExit(Duration timeout) throws TimeoutException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it reads nothing anyway
        }
        if (!StartedProcesses.awaitExit(process.toHandle(), timeout)) {
            StartedProcesses.stop(process.toHandle());
            throw new TimeoutException(name + " did not finish within " + timeout);
        }
        StartedProcesses.forget(process.toHandle());
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** Closes its standard input, waits {@link #HALT_GRACE} for it to halt, then stops it by pid. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // it is stopped below if it does not halt
        }
        ProcessHandle handle = process.toHandle();
        if (StartedProcesses.awaitExit(handle, HALT_GRACE)) {
            StartedProcesses.forget(handle);
        } else {
            StartedProcesses.stop(handle);
        }
    }
}
