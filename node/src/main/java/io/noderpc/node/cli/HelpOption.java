package io.noderpc.node.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help}, mixed into every command. */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
