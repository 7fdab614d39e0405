package io.noderpc.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code noderpc}: the top-level command; each subcommand is a class of its own. */
@Command(name = "noderpc", synopsisSubcommandLabel = "COMMAND",
        description = {
            "gen_rpc for the JVM: see it work (demo), run a node, call its functions, ping it, list the nodes in EPMD.",
            ""},
        commandListHeading = "%nCommands:%n",
        subcommands = {
            DemoCommand.class,
            NodeCommand.class,
            CallCommand.class,
            CastCommand.class,
            MulticallCommand.class,
            PingCommand.class,
            NamesCommand.class,
            HelpCommand.class},
        exitCodeListHeading = HelpTexts.EXIT_STATUS_HEADING,
        exitCodeList = {HelpTexts.EXIT_OK, HelpTexts.EXIT_FAILED, HelpTexts.EXIT_USAGE},
        footerHeading = "%n",
        footer = "'noderpc COMMAND --help' shows a command's options; docs/cli.md has them all.")
public final class NoderpcCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    /** Without a command: the usage on stderr, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_USAGE;
    }
}
