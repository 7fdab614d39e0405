package io.noderpc.node.cli;

import io.noderpc.core.NodeName;
import io.noderpc.node.Node;
import io.noderpc.node.PortRange;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code noderpc node}: a long-running node hosting the {@link DemoService}, until SIGTERM or SIGINT.
 *
 * <p>The node is closed by this command's own thread, which a shutdown hook wakes and then waits for (at most
 * {@link #STOP_WAIT_SECONDS}), so that "stopped" is printed only after the node unregistered from EPMD and
 * drained its calls.
 */
@Command(name = "node", sortOptions = false,
        header = "Run a node hosting the demo service, until SIGTERM or Ctrl-C.",
        description = {
            "Start a node and run it until SIGTERM or SIGINT (Ctrl-C). Once started it prints one line,",
            "  node NAME up: dist port P, data port P, epmd HOST:PORT",
            "and when stopped, after unregistering from EPMD and finishing the calls in progress,",
            "  node NAME stopped",
            "",
            "The node hosts the service 'demo': echo(x) returns x; add(a, b) adds two integers as a Long, or as"
                    + " a Double if either is a double; sleep(ms) sleeps, returns ms; bytes(n) returns n zero bytes"
                    + " (n at most 268435456); fail(message) throws with that message; node() returns the node's"
                    + " name. Messages sent to its mailbox 'demo' are printed as: demo mailbox: MESSAGE.",
            ""},
        exitCodeListHeading = HelpTexts.EXIT_STATUS_HEADING,
        exitCodeList = {
            "1:could not start: name taken in EPMD, no EPMD, port taken, ... (one line on stderr)",
            HelpTexts.EXIT_USAGE,
            "130:stopped by SIGINT (Ctrl-C), cleanly (the JVM's status after a signal)",
            "143:stopped by SIGTERM, cleanly"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  noderpc node --name a@127.0.0.1 --embedded-epmd",
            "  NODERPC_COOKIE=secret noderpc node --name b@127.0.0.1 --data-port 9100-9199"})
final class NodeCommand implements Callable<Integer> {

    /** How long the shutdown hook waits for the node to close. */
    static final int STOP_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--name", paramLabel = "NAME", required = true, converter = OptionTypes.NodeNameType.class,
            description = "The node's name, alive@host: long (a@127.0.0.1, a@host.example.com) or short (a@myhost).")
    NodeName name;

    @Option(names = "--cookie", paramLabel = "COOKIE",
            description = "The cookie peers must prove. Default: $NODERPC_COOKIE, else ~/.erlang.cookie"
                    + " (created if missing, as Erlang does).")
    String cookie;

    @Option(names = "--data-port", paramLabel = "PORT", converter = OptionTypes.PortRangeType.class,
            description = "The data server's port, or the first free one of MIN-MAX. Default: 0 (ephemeral).")
    PortRange dataPorts;

    @Option(names = "--dist-port", paramLabel = "PORT", converter = OptionTypes.PortRangeType.class,
            description = "The distribution port (registered in EPMD), or the first free one of MIN-MAX."
                    + " Default: 0 (ephemeral).")
    PortRange distPorts;

    @Option(names = "--bind", paramLabel = "ADDRESS", converter = OptionTypes.AddressType.class,
            description = "The interface both ports listen on. Default: all.")
    InetAddress bind;

    @Option(names = "--epmd-port", paramLabel = "PORT", converter = OptionTypes.PortType.class,
            description = "EPMD's port. Default: $ERL_EPMD_PORT, else 4369.")
    Integer epmdPort;

    @Option(names = "--epmd-address", paramLabel = "HOST",
            description = "EPMD's address, where an embedded EPMD also listens. Default: 127.0.0.1.")
    String epmdAddress;

    @Option(names = "--ticktime", paramLabel = "SECONDS", converter = OptionTypes.SecondsType.class,
            description = "The distribution channel's tick time (net_ticktime). Default: 60.")
    Integer tickTime;

    @Option(names = "--embedded-epmd",
            description = "Start an EPMD in this process if none answers (it stops with the node).")
    boolean embeddedEpmd;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        Node node = build();
        PrintWriter out = spec.commandLine().getOut();
        DemoService.install(node, message -> {
            out.println("demo mailbox: " + TextFormat.result(message));
            out.flush();
        });
        try {
            node.start();
        } catch (IllegalStateException e) {
            // Node's advice names the builder method; on the command line it is an option.
            throw new IllegalStateException(e.getMessage().replace("embeddedEpmd(true)", "--embedded-epmd"), e);
        }
        Thread hook = new Thread(this::stopAndWait, "noderpc-node-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println(upLine(node));
            out.flush();
            stopRequested.await();
            node.close();
            out.println("node " + node.name() + " stopped");
            out.flush();
        } finally {
            stopped.countDown();
            removeHook(hook);
        }
        return 0;
    }

    private Node build() {
        Node.Builder builder = Node.builder().name(name).embeddedEpmd(embeddedEpmd);
        if (cookie != null) {
            builder.cookie(cookie);
        }
        if (dataPorts != null) {
            builder.dataPorts(dataPorts);
        }
        if (distPorts != null) {
            builder.distPorts(distPorts);
        }
        if (bind != null) {
            builder.distInterface(bind).dataInterface(bind);
        }
        if (epmdPort != null) {
            builder.epmdPort(epmdPort);
        }
        if (epmdAddress != null) {
            builder.epmdAddress(epmdAddress);
        }
        if (tickTime != null) {
            builder.tickTime(Duration.ofSeconds(tickTime));
        }
        return builder.build();
    }

    /** {@code node a@127.0.0.1 up: dist port 41234, data port 41235, epmd 127.0.0.1:4369}. */
    static String upLine(Node node) {
        return "node " + node.name() + " up: dist port " + node.distPort() + ", data port " + node.dataPort()
                + ", epmd " + node.settings().epmdAddress() + ":" + node.settings().epmdPort()
                + (node.runsEmbeddedEpmd() ? " (embedded)" : "");
    }

    /** Asks a running {@link #call()} to close its node and return; for callers in the same process. */
    void stop() {
        stopRequested.countDown();
    }

    private void stopAndWait() {
        stopRequested.countDown();
        try {
            stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it is what stopped the node
        }
    }
}
