package io.noderpc.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Erlang node running in a child process until closed (by its own PID). It prints its node
 * name first; further lines it prints can be awaited.
 */
public final class ErlangNode implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String nodeName;

    private ErlangNode(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "erl-output");
        reader.setDaemon(true);
        reader.start();
        nodeName = nextLine(30);
    }

    /**
     * Starts {@code erl -sname NAME} registered with the epmd at {@code epmdPort}, printing its node
     * name and then idling.
     */
    public static ErlangNode start(String sname, int epmdPort, String cookie) {
        return new ErlangNode(ErlangTools.erlNode(sname, epmdPort, cookie,
                "io:format(\"~s~n\", [node()]), receive stop -> ok end."), Map.of());
    }

    /** As {@link #start}, but the epmd port comes from {@code ERL_EPMD_PORT}, as users set it. */
    public static ErlangNode startWithEnvPort(String sname, int epmdPort, String cookie) {
        List<String> cmd = new java.util.ArrayList<>(ErlangTools.erlNode(sname, 0, cookie,
                "io:format(\"~s~n\", [node()]), receive stop -> ok end."));
        int i = cmd.indexOf("-epmd_port");
        cmd.remove(i + 1);
        cmd.remove(i);
        return new ErlangNode(cmd, Map.of("ERL_EPMD_PORT", Integer.toString(epmdPort)));
    }

    public String nodeName() {
        return nodeName;
    }

    public long pid() {
        return process.pid();
    }

    /** The next line the node prints, waiting at most {@code seconds}. */
    public String nextLine(long seconds) {
        try {
            String line = lines.poll(seconds, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("the Erlang node printed nothing within " + seconds + " s (alive: "
                        + process.isAlive() + ")");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
