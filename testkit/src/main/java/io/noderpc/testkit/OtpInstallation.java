package io.noderpc.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds Erlang/OTP's programs ({@code epmd}, {@code erl}) on the {@code PATH} for interop tests.
 *
 * <p>When a program is missing, {@link #require(String)} fails the test if the system property
 * {@value #REQUIRE_PROPERTY} is {@code true} (CI sets it: interop must not silently vanish), and
 * otherwise aborts it as skipped through {@link Assumptions}.
 */
public final class OtpInstallation {

    public static final String REQUIRE_PROPERTY = "noderpc.requireErlang";

    private OtpInstallation() {
    }

    /** The path of OTP's {@code epmd}, or fail/skip. */
    public static Path epmd() {
        return require("epmd");
    }

    /** The path of OTP's {@code erl}, or fail/skip. */
    public static Path erl() {
        return require("erl");
    }

    /** The executable on {@code PATH}, or fail (when required) or skip the calling test. */
    public static Path require(String program) {
        Optional<Path> found = find(program);
        if (found.isPresent()) {
            return found.get();
        }
        String why = "'" + program + "' is not on PATH (" + System.getenv("PATH")
                + "); install Erlang/OTP (Debian: apt-get install erlang-base)";
        if (Boolean.parseBoolean(System.getProperty(REQUIRE_PROPERTY, "false"))) {
            return Assertions.fail(why + ", required because -D" + REQUIRE_PROPERTY + "=true");
        }
        Assumptions.abort(why + "; skipped (set -D" + REQUIRE_PROPERTY + "=true to fail instead)");
        throw new AssertionError("unreachable");
    }

    /** The executable on {@code PATH}, if any. */
    public static Optional<Path> find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
