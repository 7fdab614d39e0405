package io.noderpc.bench;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes a benchmark started (children, and detached daemons known by their pid), so that
 * each is stopped by its own handle when the benchmark ends, also on Ctrl-C: never by name.
 */
public final class StartedProcesses {

    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ProcessHandle::destroyForcibly),
                "bench-stop-processes"));
    }

    private StartedProcesses() {
    }

    /** Remembers {@code process} until {@link #stop} ends it. */
    public static ProcessHandle track(ProcessHandle process) {
        RUNNING.add(process);
        return process;
    }

    /** Waits up to {@code grace} for {@code process} to end by itself. */
    public static boolean awaitExit(ProcessHandle process, Duration grace) {
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Ends {@code process}: SIGTERM, then SIGKILL if it is still there after {@link #STOP_GRACE}. */
    public static void stop(ProcessHandle process) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!awaitExit(process, STOP_GRACE)) {
                    process.destroyForcibly();
                    awaitExit(process, STOP_GRACE);
                }
            }
        } finally {
            RUNNING.remove(process);
        }
    }

    /** Forgets a process that ended by itself. */
    public static void forget(ProcessHandle process) {
        RUNNING.remove(process);
    }
}
