package io.noderpc.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertEquals("\"say \\\"hi\\\" to C:\\\\tmp\"", Json.quote("say \"hi\" to C:\\tmp"));
    }

    @Test
    void controlCharactersGetShortEscapesWhereJsonHasThem() {
        assertEquals("\"a\\nb\\rc\\td\\be\\ff\"", Json.quote("a\nb\rc\td\be\ff"));
    }

    @Test
    void otherControlCharactersAreUnicodeEscaped() {
        assertEquals("\"\\u0000\\u0001\\u001f\u007f\"", Json.quote("\0\u0001\u001f\u007f"));
    }

    @Test
    void javascriptLineTerminatorsAreEscaped() {
        assertEquals("\"\\u2028\\u2029\"", Json.quote("\u2028\u2029"));
    }

    @Test
    void nonAsciiTextAndSurrogatePairsPassThrough() {
        assertEquals("\"Zürich – µs 🚀 /\"", Json.quote("Zürich – µs 🚀 /"));
    }

    @Test
    void unpairedSurrogatesAreEscapedSoTheTextStaysEncodable() {
        assertEquals("\"a\\ud800b\\udc00\"", Json.quote("a\uD800b\uDC00"));
        assertEquals("\"\\udbff\"", Json.quote("\uDBFF"));
    }

    @Test
    void keysAreEscapedLikeValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a\"b", "c\nd");
        assertEquals("{\n  \"a\\\"b\": \"c\\nd\"\n}", Json.write(m));
    }

    @Test
    void numbersAreExactIntegersOrAtMostThreeDecimalsNeverExponents() {
        assertEquals("[1, -7, 12345678901, 0.5, 3.142, 1234567.891, 0, 100000000000000000000]",
                Json.write(Arrays.asList(1, -7L, 12345678901L, 0.5, 3.14159, 1234567.8912, 0.0, 1e20)));
        assertEquals("[0.001, 0]", Json.write(new double[] {0.0012, 0.0001}));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null, null, null]", Json.write(new double[] {Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY}));
    }

    @Test
    void nestedStructuresAreIndentedAndScalarArraysStayOnOneLine() {
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("name", "port_please2_per_s");
        figure.put("clients", null);
        figure.put("quick", true);
        figure.put("samples", List.of(1.5, 2.0));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("figures", List.of(figure));
        root.put("empty", new ArrayList<>());
        root.put("none", Map.of());
        assertEquals("""
                {
                  "figures": [
                    {
                      "name": "port_please2_per_s",
                      "clients": null,
                      "quick": true,
                      "samples": [1.5, 2]
                    }
                  ],
                  "empty": [],
                  "none": {}
                }""", Json.write(root));
    }

    @Test
    void valuesWithoutAJsonFormAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new Object())));
    }
}
