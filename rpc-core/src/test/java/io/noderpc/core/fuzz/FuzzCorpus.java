package io.noderpc.core.fuzz;

import io.noderpc.core.frame.FrameFuzzTargets;
import io.noderpc.core.handshake.HandshakeFuzzTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All fuzz targets and their generated seed inputs. {@code main} writes the seeds into the corpus directory
 * (default {@code src/test/resources/fuzz}, run from the module directory); commit them. Inputs found by fuzzing
 * are committed next to them under any other name.
 */
public final class FuzzCorpus {

    private FuzzCorpus() {
    }

    /** Every target. */
    public static List<FuzzTarget> targets() {
        return List.of(FrameFuzzTargets.FRAME_DECODER, HandshakeFuzzTargets.SERVER_TARGET,
                HandshakeFuzzTargets.CLIENT_TARGET);
    }

    /** The generated seeds of {@code target}, by file name. */
    public static Map<String, byte[]> seeds(FuzzTarget target) {
        switch (target.name()) {
            case "frame-decoder": return FrameFuzzTargets.seeds();
            case "handshake-server": return HandshakeFuzzTargets.serverSeeds();
            case "handshake-client": return HandshakeFuzzTargets.clientSeeds();
            default: return new LinkedHashMap<>();
        }
    }

    /** Writes every target's seeds under {@code args[0]} (default {@code src/test/resources/fuzz}). */
    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args.length > 0 ? args[0] : "src/test/resources/fuzz");
        for (FuzzTarget target : targets()) {
            Path dir = root.resolve(target.name());
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> seed : seeds(target).entrySet()) {
                Files.write(dir.resolve(seed.getKey()), seed.getValue());
            }
            System.out.println(target.name() + ": " + seeds(target).size() + " seeds in " + dir);
        }
    }
}
