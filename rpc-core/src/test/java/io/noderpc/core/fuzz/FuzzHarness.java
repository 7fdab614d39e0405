package io.noderpc.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Replays committed inputs and runs seeded mutations against a {@link FuzzTarget}.
 *
 * <p>Each input runs twice, in one piece and in 3-byte pieces, each with a fresh {@link TrackingAllocator}: both
 * runs must end without an undocumented exception, release every buffer, and produce the same outcome (decoding
 * must not depend on how TCP segments the stream). A failing input is written to
 * {@code target/fuzz-findings/<target>/} so that it can be committed to the corpus once fixed.
 *
 * <p>Knobs (system properties): {@code noderpc.fuzz.iterations} (mutations per target, default
 * {@value #DEFAULT_ITERATIONS}), {@code noderpc.fuzz.seed} (default {@value #DEFAULT_SEED}).
 */
public final class FuzzHarness {

    public static final int DEFAULT_ITERATIONS = 2000;
    public static final long DEFAULT_SEED = 0x6E6F646572L;
    static final int MAX_INPUT = 64 * 1024;

    private static final int[] INTERESTING_INTS = {0, 1, 9, 10, 0x7F, 0x80, 0xFF, 0x100, 0x400, 0x401, 0xFFFF,
            0x10000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF};

    private FuzzHarness() {
    }

    /** Mutation iterations: {@code noderpc.fuzz.iterations} or the default. */
    public static int iterations() {
        return Integer.getInteger("noderpc.fuzz.iterations", DEFAULT_ITERATIONS);
    }

    /** Mutation seed: {@code noderpc.fuzz.seed} or the default. */
    public static long seed() {
        return Long.getLong("noderpc.fuzz.seed", DEFAULT_SEED);
    }

    /** The committed inputs of {@code target}, sorted by file name. */
    public static List<Input> corpus(FuzzTarget target) {
        URL url = FuzzHarness.class.getResource("/fuzz/" + target.name());
        if (url == null) {
            throw new IllegalStateException("no corpus at src/test/resources/fuzz/" + target.name());
        }
        try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
            List<Input> inputs = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                inputs.add(new Input(file.getFileName().toString(), Files.readAllBytes(file)));
            }
            return inputs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A named input. */
    public record Input(String name, byte[] bytes) {
    }

    /**
     * Runs one input whole and in pieces; returns the outcome.
     *
     * @throws AssertionError describing the input if the target misbehaves
     */
    public static List<String> runOne(FuzzTarget target, String label, byte[] input) {
        try {
            List<String> whole = runChecked(target, input, Integer.MAX_VALUE);
            List<String> pieces = runChecked(target, input, 3);
            if (!whole.equals(pieces)) {
                throw new AssertionError("outcome depends on segmentation:\n whole:  " + whole + "\n pieces: "
                        + pieces);
            }
            return whole;
        } catch (Throwable t) {
            Path saved = save(target, input);
            AssertionError e = new AssertionError(target.name() + " failed on " + label + " (saved to " + saved
                    + "): " + t + "\n input: " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 512)));
            e.initCause(t);
            throw e;
        }
    }

    private static List<String> runChecked(FuzzTarget target, byte[] input, int pieceSize) throws Exception {
        TrackingAllocator alloc = new TrackingAllocator();
        List<String> outcome = target.run(alloc, input, pieceSize);
        alloc.assertAllReleased();
        return outcome;
    }

    /**
     * Runs {@code iterations} mutations of the corpus inputs, seeded by {@code seed}.
     *
     * @return how many distinct outcomes were seen (a rough measure of the paths reached)
     */
    public static int mutate(FuzzTarget target, List<Input> corpus, long seed, int iterations) {
        Random random = new Random(seed);
        java.util.Set<List<String>> outcomes = new java.util.HashSet<>();
        for (int i = 0; i < iterations; i++) {
            byte[] parent = corpus.get(random.nextInt(corpus.size())).bytes();
            byte[] child = mutateOnce(random, parent, corpus);
            outcomes.add(runOne(target, "mutation " + i + " of seed " + seed, child));
        }
        return outcomes.size();
    }

    static byte[] mutateOnce(Random random, byte[] parent, List<Input> corpus) {
        byte[] data = parent.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            data = switch (random.nextInt(8)) {
                case 0 -> flipBit(random, data);
                case 1 -> setByte(random, data);
                case 2 -> setInt(random, data);
                case 3 -> insert(random, data);
                case 4 -> delete(random, data);
                case 5 -> duplicate(random, data);
                case 6 -> splice(random, data, corpus.get(random.nextInt(corpus.size())).bytes());
                default -> truncate(random, data);
            };
            if (data.length > MAX_INPUT) {
                data = java.util.Arrays.copyOf(data, MAX_INPUT);
            }
        }
        return data;
    }

    private static byte[] flipBit(Random random, byte[] data) {
        if (data.length > 0) {
            data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return data;
    }

    private static byte[] setByte(Random random, byte[] data) {
        if (data.length > 0) {
            data[random.nextInt(data.length)] = (byte) INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
        }
        return data;
    }

    private static byte[] setInt(Random random, byte[] data) {
        if (data.length >= 4) {
            int at = random.nextInt(data.length - 3);
            int value = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
            if (random.nextBoolean()) {
                value += random.nextInt(5) - 2;
            }
            data[at] = (byte) (value >>> 24);
            data[at + 1] = (byte) (value >>> 16);
            data[at + 2] = (byte) (value >>> 8);
            data[at + 3] = (byte) value;
        }
        return data;
    }

    private static byte[] insert(Random random, byte[] data) {
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        int at = random.nextInt(data.length + 1);
        byte[] out = new byte[data.length + extra.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(data, at, out, at + extra.length, data.length - at);
        return out;
    }

    private static byte[] delete(Random random, byte[] data) {
        if (data.length == 0) {
            return data;
        }
        int at = random.nextInt(data.length);
        int n = 1 + random.nextInt(Math.min(16, data.length - at));
        byte[] out = new byte[data.length - n];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(data, at + n, out, at, data.length - at - n);
        return out;
    }

    private static byte[] duplicate(Random random, byte[] data) {
        if (data.length == 0) {
            return data;
        }
        int at = random.nextInt(data.length);
        int n = 1 + random.nextInt(data.length - at);
        byte[] out = new byte[data.length + n];
        System.arraycopy(data, 0, out, 0, at + n);
        System.arraycopy(data, at, out, at + n, data.length - at);
        return out;
    }

    private static byte[] splice(Random random, byte[] data, byte[] other) {
        int keep = random.nextInt(data.length + 1);
        int from = random.nextInt(other.length + 1);
        byte[] out = new byte[keep + other.length - from];
        System.arraycopy(data, 0, out, 0, keep);
        System.arraycopy(other, from, out, keep, other.length - from);
        return out;
    }

    private static byte[] truncate(Random random, byte[] data) {
        return java.util.Arrays.copyOf(data, random.nextInt(data.length + 1));
    }

    private static Path save(FuzzTarget target, byte[] input) {
        try {
            Path dir = Paths.get("target", "fuzz-findings", target.name());
            Files.createDirectories(dir);
            Path file = dir.resolve("crash-" + Integer.toHexString(java.util.Arrays.hashCode(input)) + ".bin");
            Files.write(file, input);
            return file.toAbsolutePath();
        } catch (IOException e) {
            return Paths.get("(not saved: " + e + ")");
        }
    }
}
