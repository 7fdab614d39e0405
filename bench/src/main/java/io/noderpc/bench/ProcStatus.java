package io.noderpc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory and CPU time of a process from Linux's {@code /proc/<pid>/status} and {@code /proc/<pid>/stat}. */
public final class ProcStatus {

    /** Linux reports CPU times in USER_HZ ticks, 100 per second on every architecture it runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStatus() {
    }

    /**
     * User plus system CPU time of all threads of the process so far, ended threads included, in
     * nanoseconds with a resolution of 10 ms; empty when the process or /proc is gone.
     */
    public static OptionalLong cpuTimeNanos(long pid) {
        try {
            return OptionalLong.of(parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
                    * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** utime + stime, fields 14 and 15 of a stat line; the command (field 2) may hold spaces and parentheses. */
    static long parseCpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Resident set size now ({@code VmRSS}), in KiB; empty when the process or /proc is gone. */
    public static OptionalLong residentKib(long pid) {
        return field(pid, "VmRSS:");
    }

    /** The highest resident set size so far ({@code VmHWM}), in KiB. */
    public static OptionalLong peakResidentKib(long pid) {
        return field(pid, "VmHWM:");
    }

    static OptionalLong field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return OptionalLong.of(parseKib(line.substring(name.length())));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return OptionalLong.empty();
    }

    /** {@code "   57076 kB"} → 57076. */
    static long parseKib(String value) {
        String v = value.trim();
        if (!v.endsWith(" kB")) {
            throw new IllegalArgumentException("not a kB value: " + value);
        }
        return Long.parseLong(v.substring(0, v.length() - 3).trim());
    }
}
