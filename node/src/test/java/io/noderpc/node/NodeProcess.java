package io.noderpc.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A node in its own JVM, started with {@code bin/noderpc node}; closed by PID (SIGTERM, then SIGKILL). */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> upLine = new CompletableFuture<>();

    private NodeProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "node-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The project's {@code bin/} folder (tests run in the module's folder). */
    static Path bin() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/noderpc"))) {
                return p.resolve("bin");
            }
        }
        throw new IllegalStateException("bin/noderpc not found above " + dir);
    }

    /** Starts {@code bin/noderpc node ARGS...} and waits for its "up" line. */
    static NodeProcess start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(bin().resolve("noderpc").toString(), "node"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NODERPC_COOKIE");
        NodeProcess node = new NodeProcess(builder.start());
        try {
            node.upLine.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.close();
            throw new IllegalStateException("the node did not come up: " + node.output, e);
        }
        return node;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (line.contains(" up: ")) {
                    upLine.complete(line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        upLine.completeExceptionally(new IllegalStateException("exited: " + output));
    }

    long pid() {
        return process.pid();
    }

    List<String> output() {
        return output;
    }

    /** Sends a signal to this process (by its PID), e.g. {@code STOP} or {@code CONT}. */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (Exception e) {
                // already gone
            }
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
