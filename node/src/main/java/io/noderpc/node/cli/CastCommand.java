package io.noderpc.node.cli;

import io.noderpc.client.Rpc;
import io.noderpc.client.RpcClient;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code noderpc cast}: one cast, confirmed as received by the node before {@code ok} is printed.
 *
 * <p>{@link RpcClient#close()} fails what a link still holds, and a cast made on a new link waits in the link's
 * queue until the connection is up: closing right after {@code cast} would drop it. So the command follows the cast
 * with an {@code sbcast} on the same link to a mailbox that does not exist ({@value #FLUSH_MAILBOX}); the node
 * answers it ({@code delivered=false}) after reading everything sent before it on that link, the cast included.
 */
@Command(name = "cast", sortOptions = false,
        header = "Cast a function to a node: run it there, wait for nothing.",
        description = {
            "Cast SERVICE:FUNCTION(ARG...) to NODE: the function runs there and nobody waits for its result."
                    + " Prints ok once NODE has received the cast (what the function then does, or that it does"
                    + " not exist, shows only in NODE's log).",
            "",
            HelpTexts.ARGUMENT_TYPING,
            HelpTexts.OPTIONS_FIRST,
            ""},
        exitCodeListHeading = HelpTexts.EXIT_STATUS_HEADING,
        exitCodeList = {HelpTexts.EXIT_OK, HelpTexts.EXIT_FAILED, HelpTexts.EXIT_USAGE},
        footerHeading = "%nExamples:%n",
        footer = {
            "  noderpc cast a@127.0.0.1 demo sleep 1000            ok (at once)"})
final class CastCommand implements Callable<Integer> {

    /** The mailbox the confirming sbcast goes to; a node is not expected to have one of that name. */
    static final String FLUSH_MAILBOX = "noderpc-cli-flush";

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ClientOptions client;

    @Option(names = "--key", paramLabel = "KEY",
            description = "Use the link of this key: a connection of its own (gen_rpc's {Node, Key}).")
    String key;

    @Parameters(index = "0", paramLabel = "NODE", converter = OptionTypes.NodeNameType.class,
            description = "The node, alive@host (e.g. a@127.0.0.1).")
    NodeName node;

    @Parameters(index = "1", paramLabel = "SERVICE",
            description = "The service (e.g. demo); SERVICE@VERSION asks for that version.")
    String service;

    @Parameters(index = "2", paramLabel = "FUNCTION", description = "The function (e.g. echo).")
    String function;

    @Parameters(index = "3..*", paramLabel = "ARG", description = "The arguments, typed as described above.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        Object[] values = Arguments.parse(args);
        NodeKey target = key == null ? NodeKey.of(node) : NodeKey.of(node, key);
        try (RpcClient rpc = client.newClient(node)) {
            Rpc view = client.rpc(rpc);
            view.cast(target, service, function, values);
            view.sbcastAsync(target, FLUSH_MAILBOX, null).await();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("ok");
        out.flush();
        return 0;
    }
}
