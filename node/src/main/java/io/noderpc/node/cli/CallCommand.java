package io.noderpc.node.cli;

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

/** {@code noderpc call}: one call, its result on standard output. */
@Command(name = "call", sortOptions = false,
        header = "Call a function on a node and print its result.",
        description = {
            "Call SERVICE:FUNCTION(ARG...) on NODE, print the result and exit. NODE's data port is found"
                    + " through the EPMD on NODE's host.",
            "",
            "The result prints as: null as null, a byte[] as <N bytes>, anything else by its toString().",
            "A remote failure prints as: noderpc: remote error: <class>: <message>.",
            "",
            HelpTexts.ARGUMENT_TYPING,
            HelpTexts.OPTIONS_FIRST,
            ""},
        exitCodeListHeading = HelpTexts.EXIT_STATUS_HEADING,
        exitCodeList = {HelpTexts.EXIT_OK, HelpTexts.EXIT_FAILED, HelpTexts.EXIT_USAGE},
        footerHeading = "%nExamples:%n",
        footer = {
            "  noderpc call a@127.0.0.1 demo echo hello            hello",
            "  noderpc call a@127.0.0.1 demo add 1 2.5             3.5",
            "  noderpc call a@127.0.0.1 demo bytes 1048576         <1048576 bytes>",
            "  noderpc call --timeout 500 a@127.0.0.1 demo sleep 2000"})
final class CallCommand implements Callable<Integer> {

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
        Object result;
        try (RpcClient rpc = client.newClient(node)) {
            result = client.rpc(rpc).call(target, service, function, values);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(TextFormat.result(result));
        out.flush();
        return 0;
    }
}
