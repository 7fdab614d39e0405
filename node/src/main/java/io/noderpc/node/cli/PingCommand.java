package io.noderpc.node.cli;

import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdConnectException;
import io.noderpc.node.CookieSource;
import io.noderpc.node.Node;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code noderpc ping NODE}: connects to the node's distribution channel as a hidden node, like
 * {@code net_adm:ping/1}, and prints {@code pong} or {@code pang} with the reason.
 */
@Command(name = "ping", sortOptions = false,
        description = {"Connects to NODE's distribution channel as a hidden one-shot node, as net_adm:ping/1:"
                + " prints 'pong' when the connection is up and authenticated, else 'pang' and why (not"
                + " registered, not a noderpc node, wrong cookie, ...).", ""},
        exitCodeListHeading = HelpTexts.EXIT_STATUS_HEADING,
        exitCodeList = {"0:pong: the node answered", "1:pang (the reason on stderr: noderpc: NODE: <reason>)",
            HelpTexts.EXIT_USAGE},
        footerHeading = "%nExamples:%n",
        footer = {
            "  noderpc ping a@127.0.0.1        pong (a@127.0.0.1: connected and authenticated in 130.7 ms)",
            "  noderpc ping ghost@127.0.0.1    pang"})
final class PingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--cookie", paramLabel = "COOKIE",
            description = "The cookie of the node. Default: $NODERPC_COOKIE, else ~/.erlang.cookie.")
    String cookie;

    @Option(names = "--epmd-port", paramLabel = "PORT", converter = OptionTypes.PortType.class,
            description = "EPMD's port. Default: $ERL_EPMD_PORT, else 4369.")
    Integer epmdPort;

    @Parameters(index = "0", paramLabel = "NODE", converter = OptionTypes.NodeNameType.class,
            description = "The node to ping, name@host.")
    NodeName node;

    @Override
    public Integer call() {
        NodeName self = NodeName.of("noderpc-ping-" + ProcessHandle.current().pid(), node.host());
        int port = epmdPort != null ? epmdPort : EpmdClientOptions.defaultPort();
        Node started;
        try {
            started = Node.builder().name(self).cookie(CookieSource.resolve(cookie)).epmdPort(port)
                    .hidden(true).connectAll(false).build().start();
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof EpmdConnectException)) {
                throw e;
            }
            // no EPMD here, so no node to find: pang, as Erlang's ping says
            return pang("no epmd answers on port " + port + " of this host, where the pinging node registers as"
                    + " Erlang's do; start one (bin/epmd -daemon) or give its port (--epmd-port, ERL_EPMD_PORT)");
        }
        try (Node client = started) {
            long t0 = System.nanoTime();
            try {
                client.connect(node);
            } catch (RpcException e) {
                return pang(TextFormat.error(e));
            }
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "pong (%s: connected and authenticated"
                    + " in %.1f ms)", node, (System.nanoTime() - t0) / 1e6));
            spec.commandLine().getOut().flush();
            return Main.EXIT_OK;
        }
    }

    private int pang(String reason) {
        spec.commandLine().getOut().println("pang");
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("noderpc: " + node + ": " + reason);
        spec.commandLine().getErr().flush();
        return Main.EXIT_FAILED;
    }
}
