package io.noderpc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where a run happened: enough to tell two result files apart, nothing identifying the host. */
public record Machine(int cores, String java, String javaVm, String os, String cpu, String loadAverage,
                      String loadAverageEnd, long memoryMiB) {

    public static Machine current() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                procLine("/proc/cpuinfo", "model name").orElse("unknown"),
                loadAverageNow(),
                "",
                procLine("/proc/meminfo", "MemTotal")
                        .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024).orElse(-1L));
    }

    /** This machine as it was at the start, with the load average now as {@link #loadAverageEnd()}. */
    public Machine atEnd() {
        return new Machine(cores, java, javaVm, os, cpu, loadAverage, loadAverageNow(), memoryMiB);
    }

    /** {@code /proc/loadavg}: 1, 5 and 15 minute averages, runnable/total tasks, last pid. */
    static String loadAverageNow() {
        return read("/proc/loadavg").map(String::trim).orElse("unknown");
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("java", java);
        m.put("java_vm", javaVm);
        m.put("os", os);
        m.put("cpu", cpu);
        m.put("load_average", loadAverage);
        m.put("load_average_end", loadAverageEnd);
        m.put("memory_mib", memoryMiB);
        return m;
    }

    /** The value of the first {@code key: value} line of a /proc file. */
    private static Optional<String> procLine(String file, String key) {
        return read(file).flatMap(text -> text.lines()
                .filter(l -> l.startsWith(key))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst());
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
