package io.noderpc.bench.epmd;

import io.noderpc.bench.Ports;
import io.noderpc.bench.ProcStatus;
import io.noderpc.bench.StartedProcesses;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalLong;

/** A daemon of the session: its port and process. Closing it sends KILL_REQ, then stops the process by its pid. */
record RunningDaemon(String competitor, int port, ProcessHandle process) implements AutoCloseable {

    static final Duration KILL_GRACE = Duration.ofSeconds(5);

    InetSocketAddress address() {
        return new InetSocketAddress(Ports.LOOPBACK, port);
    }

    long residentKib() {
        return require(ProcStatus.residentKib(process.pid()), "VmRSS");
    }

    long peakResidentKib() {
        return require(ProcStatus.peakResidentKib(process.pid()), "VmHWM");
    }

    long cpuTimeNanos() {
        return require(ProcStatus.cpuTimeNanos(process.pid()), "CPU time");
    }

    private long require(OptionalLong value, String field) {
        return value.orElseThrow(() -> new IllegalStateException(
                competitor + ": no " + field + " for pid " + process.pid() + " (did the daemon stop?)"));
    }

    /** Fails when the daemon is gone: its figures would be meaningless. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(competitor + ": the daemon (pid " + process.pid() + ") has stopped");
        }
    }

    @Override
    public void close() {
        try {
            new EpmdWire(address(), false).kill();
        } catch (IOException e) {
            // it may be gone already; stopping by pid below covers it
        }
        if (StartedProcesses.awaitExit(process, KILL_GRACE)) {
            StartedProcesses.forget(process);
        } else {
            StartedProcesses.stop(process);
        }
    }
}
