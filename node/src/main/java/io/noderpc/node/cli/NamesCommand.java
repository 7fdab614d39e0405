package io.noderpc.node.cli;

import io.noderpc.client.DataPortRecord;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdNames;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code noderpc names}: the nodes registered in an EPMD, with their ports and whether they are noderpc nodes. */
@Command(name = "names", sortOptions = false,
        header = "List the nodes registered in EPMD, noderpc or not.",
        description = {
            "List the names registered in EPMD, one line per node: its distribution port and, for a noderpc node,"
                    + " its data port (read from the EPMD entry's Extra by a PORT_PLEASE2 lookup per name).",
            "Other nodes (Erlang, Elixir, ...) are listed as not noderpc nodes. An empty EPMD prints nothing"
                    + " on stdout.",
            ""},
        exitCodeListHeading = HelpTexts.EXIT_STATUS_HEADING,
        exitCodeList = {HelpTexts.EXIT_OK, "1:EPMD did not answer (one line on stderr: noderpc: <reason>)",
            HelpTexts.EXIT_USAGE},
        footerHeading = "%nExample:%n",
        footer = {
            "  noderpc names",
            "  a       dist 41234  data 41235  noderpc/1",
            "  rabbit  dist 25672  (not a noderpc node)"})
final class NamesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--epmd-port", paramLabel = "PORT", converter = OptionTypes.PortType.class,
            description = "EPMD's port. Default: $ERL_EPMD_PORT, else 4369.")
    Integer epmdPort;

    @Option(names = "--epmd-address", paramLabel = "HOST",
            description = "EPMD's host name or address. Default: this host's loopback (::1, then 127.0.0.1).")
    String epmdAddress;

    @Override
    public Integer call() {
        EpmdClientOptions options = EpmdClientOptions.builder()
                .host(epmdAddress)
                .port(epmdPort != null ? epmdPort : EpmdClientOptions.defaultPort())
                .build();
        List<String> lines;
        try (EpmdClient epmd = EpmdClient.create(options)) {
            EpmdNames names = epmd.names();
            List<CompletableFuture<Optional<EpmdEntry>>> lookups = new ArrayList<>();
            for (EpmdNames.Node node : names.nodes()) {
                lookups.add(epmd.lookupAsync(node.name()));
            }
            lines = lines(names.nodes(), lookups);
        }
        PrintWriter out = spec.commandLine().getOut();
        lines.forEach(out::println);
        out.flush();
        if (lines.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("no names registered in epmd at " + (epmdAddress != null ? epmdAddress : "localhost") + ":"
                    + options.port());
            err.flush();
        }
        return 0;
    }

    private static List<String> lines(List<EpmdNames.Node> nodes,
                                      List<CompletableFuture<Optional<EpmdEntry>>> lookups) {
        int width = nodes.stream().mapToInt(n -> n.name().length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            EpmdNames.Node node = nodes.get(i);
            lines.add(line(node, width, lookups.get(i)));
        }
        return lines;
    }

    private static String line(EpmdNames.Node node, int width, CompletableFuture<Optional<EpmdEntry>> lookup) {
        String head = String.format("%-" + width + "s  dist %-5d  ", node.name(), node.port());
        Optional<EpmdEntry> entry;
        try {
            entry = lookup.join();
        } catch (CompletionException e) {
            return head + "(lookup failed: " + TextFormat.error(e.getCause()) + ")";
        }
        if (entry.isEmpty()) {
            return head + "(unregistered meanwhile)";
        }
        return head + describe(entry.get());
    }

    /** {@code data 41235  noderpc/1}, or why the entry is not a noderpc node's. */
    static String describe(EpmdEntry entry) {
        Optional<DataPortRecord> record;
        try {
            record = DataPortRecord.parse(entry.extra());
        } catch (IllegalArgumentException e) {
            return "(" + TextFormat.oneLine(e.getMessage()) + ")";
        }
        return record.map(r -> String.format("data %-5d  %s%d", r.dataPort(), DataPortRecord.PREFIX, r.version()))
                .orElse("(not a noderpc node)");
    }
}
