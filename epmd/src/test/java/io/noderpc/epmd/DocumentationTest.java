package io.noderpc.epmd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example in {@code docs/epmd-client.md} is the compiled one of {@link EpmdClientExampleIT}, verbatim. */
class DocumentationTest {

    private static final Path DOC = Path.of("..", "docs", "epmd-client.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "noderpc", "epmd",
            "EpmdClientExampleIT.java");

    @Test
    void theDocumentedExampleIsTheCompiledOne() throws IOException {
        String example = taggedRegion(Files.readString(EXAMPLE));
        String doc = Files.readString(DOC);

        assertTrue(doc.contains(example), "docs/epmd-client.md must contain, verbatim:\n" + example);
    }

    private static String taggedRegion(String source) {
        List<String> lines = source.lines().toList();
        int start = indexOf(lines, "// tag::example[]") + 1;
        int end = indexOf(lines, "// end::example[]");
        List<String> region = lines.subList(start, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(marker + " not found in " + EXAMPLE);
    }
}
