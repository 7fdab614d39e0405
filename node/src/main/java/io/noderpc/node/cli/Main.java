package io.noderpc.node.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code bin/noderpc}: runs {@link NoderpcCommand} and exits with its status.
 *
 * <p>Every failure is one line on stderr, {@code noderpc: <reason>}: usage errors (unknown option, missing
 * parameter, a value a converter or builder refused: any {@link IllegalArgumentException}) exit with
 * {@value #EXIT_USAGE}, failed operations (node unreachable, remote error, timeout, EPMD not answering, ...) with
 * {@value #EXIT_FAILED}.
 */
public final class Main {

    /** The operation succeeded. */
    public static final int EXIT_OK = 0;
    /** The operation failed. */
    public static final int EXIT_FAILED = 1;
    /** The command line was wrong. */
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int status = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
                .execute(args);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /**
     * The command line writing to {@code out} and {@code err}, with this class's error handling; each
     * {@link CommandLine#execute} returns the exit status.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new NoderpcCommand());
        cli.setOut(out);
        cli.setErr(err);
        // What follows a command's first positional (NODE, SERVICE) is the remote call's, taken as it is: -7 is
        // an argument, not an unknown option.
        cli.setStopAtPositional(true);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::failure);
        return cli;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        // An unknown word is the root cause even when picocli failed on something after it: in
        // "call --timout 5 a@h ...", '5' becomes NODE, and "invalid node name '5'" would mislead.
        List<String> unmatched = command.getUnmatchedArguments();
        String reason = e.getMessage();
        if (!unmatched.isEmpty()) {
            String first = unmatched.get(0);
            reason = first.startsWith("-") ? "unknown option '" + first + "'"
                    : command.getCommandSpec().parent() == null ? "unknown command '" + first + "'"
                    : "unexpected argument '" + first + "'";
        }
        return usageError(command, reason);
    }

    private static int usageError(CommandLine command, String reason) {
        PrintWriter err = command.getErr();
        err.println("noderpc: " + TextFormat.oneLine(reason) + " (see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
        err.flush();
        return EXIT_USAGE;
    }

    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        if (e instanceof IllegalArgumentException) {
            return usageError(command, TextFormat.error(e));
        }
        PrintWriter err = command.getErr();
        err.println("noderpc: " + TextFormat.error(e));
        err.flush();
        return EXIT_FAILED;
    }
}
