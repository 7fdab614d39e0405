package io.noderpc.node.cli;

import io.noderpc.client.MultiResult;
import io.noderpc.client.RpcClient;
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

/** {@code noderpc multicall}: the same call on several nodes in parallel, one line per node. */
@Command(name = "multicall", sortOptions = false,
        header = "Call a function on several nodes in parallel.",
        description = {
            "Call SERVICE:FUNCTION(ARG...) on every node of --nodes in parallel, under one deadline, and print"
                    + " one line per node, in the order given: NODE: RESULT, or NODE: error: REASON.",
            "",
            HelpTexts.ARGUMENT_TYPING,
            "Options come before SERVICE: what follows SERVICE is taken as it is, so -7 is an argument, not an"
                    + " option.",
            ""},
        exitCodeListHeading = HelpTexts.EXIT_STATUS_HEADING,
        exitCodeList = {"0:every node answered with a result",
            "1:at least one node failed (its line says why), or no call could be made",
            HelpTexts.EXIT_USAGE},
        footerHeading = "%nExamples:%n",
        footer = {
            "  noderpc multicall --nodes a@127.0.0.1,b@127.0.0.1 demo node",
            "  a@127.0.0.1: a@127.0.0.1",
            "  b@127.0.0.1: b@127.0.0.1"})
final class MulticallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ClientOptions client;

    @Option(names = "--nodes", paramLabel = "NODE,...", required = true,
            description = "The nodes, comma-separated: alive@host,alive@host,...")
    String nodes;

    @Parameters(index = "0", paramLabel = "SERVICE",
            description = "The service (e.g. demo); SERVICE@VERSION asks for that version.")
    String service;

    @Parameters(index = "1", paramLabel = "FUNCTION", description = "The function (e.g. echo).")
    String function;

    @Parameters(index = "2..*", paramLabel = "ARG", description = "The arguments, typed as described above.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<NodeName> targets = OptionTypes.nodeList(nodes);
        Object[] values = Arguments.parse(args);
        MultiResult<Object> result;
        try (RpcClient rpc = client.newClient(targets.get(0))) {
            result = client.rpc(rpc).multicall(targets, service, function, values);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (MultiResult.Reply<Object> reply : result.replies()) {
            out.println(reply.node().node() + ": " + (reply.isSuccess() ? TextFormat.result(reply.value())
                    : "error: " + TextFormat.error(reply.error())));
        }
        out.flush();
        return result.allSucceeded() ? 0 : 1;
    }
}
