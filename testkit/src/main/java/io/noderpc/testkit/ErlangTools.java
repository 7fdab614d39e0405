package io.noderpc.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands (Erlang/OTP's among them) to completion, and builds {@code erl} command lines. */
public final class ErlangTools {

    private ErlangTools() {
    }

    /** The outcome of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command to completion (at most {@code timeoutSeconds}), capturing both streams. */
    public static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            File out = File.createTempFile("noderpc-out", ".txt");
            File err = File.createTempFile("noderpc-err", ".txt");
            pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
            }
            Result r = new Result(p.exitValue(),
                    java.nio.file.Files.readString(out.toPath(), StandardCharsets.ISO_8859_1),
                    java.nio.file.Files.readString(err.toPath(), StandardCharsets.ISO_8859_1));
            out.delete();
            err.delete();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Result run(String... command) {
        return run(List.of(command), Map.of(), 60);
    }

    /**
     * The command line of an Erlang node that registers with the epmd at {@code epmdPort} and never
     * starts one of its own.
     */
    public static List<String> erlNode(String sname, int epmdPort, String cookie, String eval) {
        List<String> cmd = new ArrayList<>(List.of(OtpInstallation.erl().toString(), "-noshell", "-start_epmd", "false",
                "-epmd_port", Integer.toString(epmdPort), "-sname", sname, "-setcookie", cookie));
        if (eval != null) {
            cmd.add("-eval");
            cmd.add(eval);
        }
        return cmd;
    }
}
