package io.noderpc.node.cli;

import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** {@code noderpc node ...} running in this process, on a thread of its own, until {@link #stop()}. */
final class NodeCommandRun implements AutoCloseable {

    static final Pattern UP = Pattern.compile(
            "node (\\S+) up: dist port (\\d+), data port (\\d+), epmd (\\S+):(\\d+)( \\(embedded\\))?");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final NodeCommand command;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private NodeCommandRun(String... args) {
        CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        command = (NodeCommand) cli.getSubcommands().get("node").getCommand();
        String[] full = new String[args.length + 1];
        full[0] = "node";
        System.arraycopy(args, 0, full, 1, args.length);
        Thread thread = new Thread(() -> exit.complete(cli.execute(full)), "noderpc-node-command");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the command; see {@link #awaitUp()} and {@link #awaitExit()}. */
    static NodeCommandRun start(String... args) {
        return new NodeCommandRun(args);
    }

    /** Waits for the "up" line and returns its match (group 2: dist port, 3: data port). */
    Matcher awaitUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains(" up: ") || exit.isDone());
        Matcher up = UP.matcher(out.toString().lines().findFirst().orElse(""));
        if (!up.matches()) {
            throw new AssertionError("no up line: " + this);
        }
        return up;
    }

    /** Waits for the command to end by itself (a start-up failure) and returns its status. */
    int awaitExit() throws Exception {
        return exit.get(30, TimeUnit.SECONDS);
    }

    /** Stops the node as a signal would, and returns the command's status. */
    int stop() throws Exception {
        command.stop();
        return awaitExit();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "node command (" + (exit.isDone() ? "exit " + exit.join() : "running") + ")\n--- stdout\n" + out
                + "--- stderr\n" + err;
    }
}
