package io.noderpc.bench.epmd;

import io.noderpc.bench.Metric;

/** The figures of the epmd scenario; their names are JSON keys (docs/benchmarks.md). */
final class EpmdMetrics {

    static final String PORT_PLEASE2 = "port_please2_per_s";
    static final String ALIVE2 = "alive2_per_s";

    static final Metric STARTUP = Metric.lowerIsBetter("startup_ms", "ms",
            "from starting `<daemon> -port P -address 127.0.0.1` in the foreground until 127.0.0.1:P accepts "
                    + "a TCP connection (polled every 0.2 ms); one fresh process per sample");
    static final Metric STARTUP_RSS = Metric.lowerIsBetter("startup_rss_kib", "KiB",
            "VmRSS of that fresh process at the moment its port first accepts");
    static final Metric RSS_IDLE = Metric.lowerIsBetter("rss_idle_kib", "KiB",
            "VmRSS of the session's daemon after startup and a settling pause, before any load");
    static final Metric RSS_AFTER_LOAD = Metric.lowerIsBetter("rss_after_load_kib", "KiB",
            "VmRSS of the session's daemon after the last round");
    static final Metric RSS_PEAK = Metric.lowerIsBetter("rss_peak_kib", "KiB",
            "VmHWM (peak VmRSS) of the session's daemon after the last round");

    private EpmdMetrics() {
    }

    static Metric cpuPerOp(String operation, int clients) {
        return new Metric(operation + "_cpu_us_per_op", "us/op", clients, Metric.Better.LOWER,
                "CPU time (user + system, /proc/<pid>/stat) the daemon used during one " + operation
                        + " sample, per completed operation; less sensitive to a busy machine than the rate, "
                        + "but kernel work on loopback is partly charged to the client instead");
    }

    static Metric portPlease2(int clients) {
        return Metric.throughput(PORT_PLEASE2, clients, "PORT_PLEASE2 lookups per second, each on a new connection "
                + "(connect, request, read until the daemon closes), " + EpmdScenario.REGISTERED_NAMES
                + " names registered, closed loop");
    }

    static Metric alive2(int clients) {
        return Metric.throughput(ALIVE2, clients, "registrations per second, each on a new connection (connect, "
                + "ALIVE2_REQ with a name never used before, read the 6-byte ALIVE2_X_RESP, close, which "
                + "unregisters), closed loop");
    }
}
