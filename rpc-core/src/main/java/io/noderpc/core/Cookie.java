package io.noderpc.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret that lets two nodes talk, as Erlang's magic cookie. It never crosses the wire: the handshake
 * proves knowledge of it with HMAC-SHA256 over fresh challenges ({@link #hmacSha256(byte[])}).
 *
 * <p>{@link #toString()} never reveals it; {@link #equals(Object)} compares in constant time (for cookies of equal
 * length); {@link #hashCode()} is a constant so that it leaks nothing either. Immutable and thread-safe.
 */
public final class Cookie {

    /** The longest cookie accepted, in UTF-8 bytes. */
    public static final int MAX_LENGTH = 1024;

    private static final String HMAC = "HmacSHA256";

    private final byte[] secret;
    private final SecretKeySpec key;

    private Cookie(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the cookie is empty: give a non-empty secret");
        }
        if (secret.length > MAX_LENGTH) {
            throw new IllegalArgumentException("the cookie is longer than " + MAX_LENGTH + " bytes");
        }
        this.secret = secret;
        this.key = new SecretKeySpec(secret, HMAC);
    }

    /** The cookie whose secret is the UTF-8 encoding of {@code secret}. */
    public static Cookie of(String secret) {
        return new Cookie(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /** The cookie with these secret bytes (copied). */
    public static Cookie of(byte[] secret) {
        return new Cookie(Objects.requireNonNull(secret, "secret").clone());
    }

    /** HMAC-SHA256 of {@code message} keyed by this cookie: 32 bytes. */
    public byte[] hmacSha256(byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256, which every Java SE runtime must provide", e);
        }
    }

    /** Constant-time comparison of the secrets. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Cookie && MessageDigest.isEqual(secret, ((Cookie) o).secret);
    }

    @Override
    public int hashCode() {
        return 0x636f6f6b;
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "Cookie(hidden)";
    }
}
