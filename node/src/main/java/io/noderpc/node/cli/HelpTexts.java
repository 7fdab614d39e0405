package io.noderpc.node.cli;

/** Help texts shared by several commands (picocli markup: {@code %n} is a line break). */
final class HelpTexts {

    static final String EXIT_STATUS_HEADING = "%nExit status:%n";
    static final String EXIT_OK = "0:success";
    static final String EXIT_FAILED = "1:the operation failed (one line on stderr: noderpc: <reason>)";
    static final String EXIT_USAGE = "2:usage error (one line on stderr)";

    static final String ARGUMENT_TYPING = "Each ARG is typed on its own, first match wins:%n"
            + "  s:TEXT         the String TEXT (s:42 is a string; s: is empty)%n"
            + "  42, -7         a Long (every integer; beyond 64 bits: usage error)%n"
            + "  2.5, 1e3       a Double%n"
            + "  true, false    a Boolean%n"
            + "  null           null%n"
            + "  anything else  the String as given";

    static final String OPTIONS_FIRST = "Options come before NODE: what follows NODE is taken as it is, so -7 is an"
            + " argument, not an option.";

    private HelpTexts() {
    }
}
