package io.noderpc.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding the programs a scenario runs (erl, OTP's epmd, ip, tc). */
public final class Executables {

    private Executables() {
    }

    /**
     * Every executable file named {@code program} in the directories of {@code PATH}, then in {@code extraDirs}, in
     * that order.
     */
    public static List<Path> candidates(String program, String... extraDirs) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of(extraDirs));
        List<Path> found = new ArrayList<>();
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, program);
            if (Files.isExecutable(p) && !found.contains(p)) {
                found.add(p);
            }
        }
        return found;
    }

    /** The first of {@link #candidates}, if any. */
    public static Optional<Path> find(String program, String... extraDirs) {
        return candidates(program, extraDirs).stream().findFirst();
    }
}
