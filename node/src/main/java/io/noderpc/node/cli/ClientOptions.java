package io.noderpc.node.cli;

import io.noderpc.client.Rpc;
import io.noderpc.client.RpcClient;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.node.CookieSource;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of the one-shot client commands ({@code call}, {@code cast}, {@code multicall}), and the client they
 * make: an {@link RpcClient} named {@code noderpc-cli-<pid>@<host of the first node>}, so that its name has the
 * same form (short or long) as the nodes it calls, which finds data ports through the EPMD on each node's host.
 */
final class ClientOptions {

    @Option(names = "--cookie", paramLabel = "COOKIE",
            description = "The cookie of the nodes called. Default: $NODERPC_COOKIE, else ~/.erlang.cookie"
                    + " (created if missing, as Erlang does).")
    String cookie;

    @Option(names = "--epmd-port", paramLabel = "PORT", converter = OptionTypes.PortType.class,
            description = "The port of EPMD on the nodes' hosts, where their data ports are found."
                    + " Default: $ERL_EPMD_PORT, else 4369.")
    Integer epmdPort;

    @Option(names = "--timeout", paramLabel = "MS", converter = OptionTypes.MillisType.class,
            description = "How long to wait, in milliseconds, from connecting to the answer. Default: 15000.")
    Long timeoutMillis;

    /** The client; close it. */
    RpcClient newClient(NodeName firstNode) {
        Cookie resolved = CookieSource.resolve(cookie);
        NodeName self = NodeName.of("noderpc-cli-" + ProcessHandle.current().pid(), firstNode.host());
        return RpcClient.builder()
                .self(self)
                .cookie(resolved)
                .epmdPort(epmdPort != null ? epmdPort : EpmdClientOptions.defaultPort())
                .ioThreads(1)
                .build();
    }

    /** The client's API with {@code --timeout} applied. */
    Rpc rpc(RpcClient client) {
        return timeoutMillis == null ? client : client.withTimeout(Duration.ofMillis(timeoutMillis));
    }
}
