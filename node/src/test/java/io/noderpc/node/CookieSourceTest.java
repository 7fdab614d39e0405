package io.noderpc.node;

import io.noderpc.core.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CookieSourceTest {

    @TempDir
    Path home;

    @Test
    void anExplicitCookieWinsOverTheEnvironmentAndTheFile() throws Exception {
        Files.writeString(home.resolve(".erlang.cookie"), "FROMFILE");
        Files.setPosixFilePermissions(home.resolve(".erlang.cookie"), PosixFilePermissions.fromString("r--------"));
        assertEquals(Cookie.of("explicit"), CookieSource.resolve("explicit", Map.of("NODERPC_COOKIE", "env"), home));
        assertEquals(Cookie.of("env"), CookieSource.resolve(null, Map.of("NODERPC_COOKIE", "env"), home));
        assertEquals(Cookie.of("FROMFILE"), CookieSource.resolve(null, Map.of(), home));
    }

    @Test
    void aMissingFileIsCreatedOwnerReadOnlyWithTwentyCapitals() throws Exception {
        Cookie first = CookieSource.resolve(null, Map.of(), home);
        Path file = home.resolve(".erlang.cookie");
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String secret = Files.readString(file);
        assertTrue(secret.matches("[A-Z]{20}"), secret);
        assertEquals(first, CookieSource.resolve(null, Map.of(), home), "the same cookie on the next start");
    }

    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        Path file = home.resolve(".erlang.cookie");
        Files.writeString(file, "SECRET");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CookieSource.resolve(null, Map.of(), home));
        assertTrue(e.getMessage().contains("chmod 400"), e.getMessage());
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Path file = home.resolve(".erlang.cookie");
        Files.writeString(file, "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThrows(IllegalStateException.class, () -> CookieSource.resolve(null, Map.of(), home));
    }

    @Test
    void trailingWhitespaceIsNotPartOfTheCookie() throws Exception {
        Path file = home.resolve(".erlang.cookie");
        Files.writeString(file, "ABC\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(Cookie.of("ABC"), CookieSource.resolve(null, Map.of(), home));
    }
}
