package io.noderpc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CookieTest {

    @Test
    void neverShowsTheSecret() {
        Cookie cookie = Cookie.of("supersecret");
        assertFalse(cookie.toString().contains("supersecret"));
        assertEquals("Cookie(hidden)", cookie.toString());
    }

    @Test
    void comparesSecrets() {
        assertEquals(Cookie.of("abc"), Cookie.of("abc".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(Cookie.of("abc"), Cookie.of("abd"));
        assertNotEquals(Cookie.of("abc"), Cookie.of("abcd"));
        assertEquals(Cookie.of("abc").hashCode(), Cookie.of("xyz").hashCode());
    }

    @Test
    void copiesTheBytesItIsGiven() {
        byte[] secret = "abc".getBytes(StandardCharsets.UTF_8);
        Cookie cookie = Cookie.of(secret);
        secret[0] = 'x';
        assertEquals(Cookie.of("abc"), cookie);
    }

    @Test
    void computesHmacSha256() {
        // RFC 4231, test case 2
        byte[] mac = Cookie.of("Jefe").hmacSha256("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(HexFormat.of().parseHex(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"), mac);
    }

    @Test
    void rejectsEmptyAndHugeSecrets() {
        assertThrows(IllegalArgumentException.class, () -> Cookie.of(""));
        assertThrows(IllegalArgumentException.class, () -> Cookie.of("x".repeat(Cookie.MAX_LENGTH + 1)));
    }
}
