package io.noderpc.server.internal;

import java.nio.charset.StandardCharsets;

/**
 * Checks names that travel in frame headers (services, versions, functions, mailboxes): 1 to 255 bytes of UTF-8
 * without control characters. Service names and versions also exclude {@code @}, which separates them on the wire
 * ({@code service@version}).
 */
public final class WireNames {

    /** The longest name on the wire, in UTF-8 bytes. */
    public static final int MAX_BYTES = 255;

    private WireNames() {
    }

    /**
     * @param what what the name is, for the message
     * @param allowAt whether {@code @} may occur
     * @return {@code value}
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String check(String value, String what, boolean allowAt) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(what + " '" + value.substring(0, 40) + "...' is " + bytes
                    + " bytes of UTF-8, more than the " + MAX_BYTES + " a frame header holds");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " '" + value + "' contains control character U+"
                        + String.format("%04X", (int) c));
            }
            if (c == '@' && !allowAt) {
                throw new IllegalArgumentException(what + " '" + value + "' contains '@', which separates a service"
                        + " from its version on the wire (service@version)");
            }
        }
        return value;
    }
}
