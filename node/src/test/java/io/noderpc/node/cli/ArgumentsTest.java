package io.noderpc.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void integersAreLongsWhateverTheirSize() {
        assertEquals(42L, Arguments.parse("42"));
        assertEquals(-7L, Arguments.parse("-7"));
        assertEquals(5L, Arguments.parse("+5"));
        assertEquals(7L, Arguments.parse("007"));
        assertEquals(Long.MAX_VALUE, Arguments.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Arguments.parse("-9223372036854775808"));
    }

    @Test
    void anIntegerBeyond64BitsIsRefusedWithTheWayOut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Arguments.parse("9223372036854775808"));
        assertEquals("9223372036854775808 does not fit in a 64-bit integer (write 9223372036854775808.0 for a"
                + " double, or s:9223372036854775808 for a string)", e.getMessage());
    }

    @Test
    void decimalsAndExponentsAreDoubles() {
        assertEquals(2.5, Arguments.parse("2.5"));
        assertEquals(-0.125, Arguments.parse("-0.125"));
        assertEquals(1000.0, Arguments.parse("1e3"));
        assertEquals(0.015, Arguments.parse("1.5E-2"));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse("1e999"));
    }

    @Test
    void booleansAndNull() {
        assertEquals(Boolean.TRUE, Arguments.parse("true"));
        assertEquals(Boolean.FALSE, Arguments.parse("false"));
        assertNull(Arguments.parse("null"));
    }

    @Test
    void everythingElseIsTheStringAsGiven() {
        for (String s : List.of("hello", "True", "NULL", "1.", ".5", "1.2.3", "0x10", "NaN", "Infinity", "-", "--x",
                "", "1_000", " 1", "s", "a b")) {
            assertEquals(s, Arguments.parse(s), s);
        }
    }

    @Test
    void theStringPrefixForcesAString() {
        assertEquals("42", Arguments.parse("s:42"));
        assertEquals("true", Arguments.parse("s:true"));
        assertEquals("null", Arguments.parse("s:null"));
        assertEquals("", Arguments.parse("s:"));
        assertEquals("s:x", Arguments.parse("s:s:x"));
    }

    @Test
    void aListIsTypedArgumentByArgumentAndAFailureNamesItsPosition() {
        assertArrayEquals(new Object[] {1L, 2.0, "x", true, null}, Arguments.parse(List.of("1", "2.0", "x", "true",
                "null")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Arguments.parse(List.of("1", "99999999999999999999")));
        assertEquals("argument 2: 99999999999999999999 does not fit in a 64-bit integer (write"
                + " 99999999999999999999.0 for a double, or s:99999999999999999999 for a string)", e.getMessage());
    }
}
