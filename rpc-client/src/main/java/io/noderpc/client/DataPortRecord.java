package io.noderpc.client;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The record a noderpc node publishes in the {@code Extra} field of its EPMD registration (ALIVE2), so that one
 * PORT_PLEASE2 lookup gives both its distribution port (the registered port) and its data port.
 *
 * <h2>Format</h2>
 * ASCII text, fields separated by single spaces:
 * <pre>
 *  noderpc/&lt;version&gt; data=&lt;port&gt;[ &lt;key&gt;=&lt;value&gt;]...
 *  e.g.  noderpc/1 data=5370
 * </pre>
 * <ul>
 *   <li>{@code version}: a decimal integer, 1 or more. This library writes {@value #VERSION}; it reads any version
 *       that carries a {@code data} field, so later versions may add fields.</li>
 *   <li>{@code data}: the data port, 1..65535, required.</li>
 *   <li>Other {@code key=value} fields are ignored (forward compatibility). Keys and values have no spaces or
 *       {@code =}.</li>
 * </ul>
 * An Extra that does not start with {@value #PREFIX} is not a noderpc record (an Erlang node's is usually empty):
 * {@link #parse} then returns empty. One that starts with it but breaks the format is refused with
 * {@link IllegalArgumentException}.
 *
 * @param version the record version
 * @param dataPort the data port, 1..65535
 */
public record DataPortRecord(int version, int dataPort) {

    /** The text every noderpc record starts with. */
    public static final String PREFIX = "noderpc/";
    /** The version this library writes. */
    public static final int VERSION = 1;
    /** The longest Extra EPMD carries, in bytes. */
    public static final int MAX_LENGTH = 1020;

    public DataPortRecord {
        if (version < 1) {
            throw new IllegalArgumentException("record version must be at least 1: " + version);
        }
        if (dataPort < 1 || dataPort > 65535) {
            throw new IllegalArgumentException("data port must be in 1..65535: " + dataPort);
        }
    }

    /** The current-version record for {@code dataPort}. */
    public static DataPortRecord of(int dataPort) {
        return new DataPortRecord(VERSION, dataPort);
    }

    /** The text form, e.g. {@code noderpc/1 data=5370}. */
    public String format() {
        return PREFIX + version + " data=" + dataPort;
    }

    /** The bytes to register as the ALIVE2 Extra. */
    public byte[] toExtra() {
        return format().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses an ALIVE2 Extra.
     *
     * @param extra the Extra bytes as EPMD returned them ({@code null} or empty for none)
     * @return the record, or empty if {@code extra} is not a noderpc record at all
     * @throws IllegalArgumentException if {@code extra} starts with {@value #PREFIX} but is malformed: a bad
     *                                  version, no {@code data} field, a port out of range, a field without
     *                                  {@code =}, non-ASCII bytes, or more than {@value #MAX_LENGTH} bytes
     */
    public static Optional<DataPortRecord> parse(byte[] extra) {
        if (extra == null || extra.length < PREFIX.length()
                || !new String(extra, 0, PREFIX.length(), StandardCharsets.ISO_8859_1).equals(PREFIX)) {
            return Optional.empty();
        }
        if (extra.length > MAX_LENGTH) {
            throw malformed("it is " + extra.length + " bytes long, more than " + MAX_LENGTH, null);
        }
        for (byte b : extra) {
            if (b < 0x20 || b > 0x7e) {
                throw malformed("it has a byte outside printable ASCII (0x" + Integer.toHexString(b & 0xff) + ")",
                        null);
            }
        }
        return Optional.of(parse(new String(extra, StandardCharsets.US_ASCII)));
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException if {@code text} is not a well-formed noderpc record
     */
    public static DataPortRecord parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw malformed("it does not start with '" + PREFIX + "'", text);
        }
        String[] fields = text.split(" ", -1);
        int version = number(fields[0].substring(PREFIX.length()), "version", text);
        Integer port = null;
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i];
            int eq = field.indexOf('=');
            if (eq <= 0 || eq != field.lastIndexOf('=')) {
                throw malformed("field '" + field + "' is not key=value", text);
            }
            if (field.startsWith("data=")) {
                if (port != null) {
                    throw malformed("it has two data fields", text);
                }
                port = number(field.substring(5), "data port", text);
            }
        }
        if (port == null) {
            throw malformed("it has no data=<port> field", text);
        }
        try {
            return new DataPortRecord(version, port);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage(), text);
        }
    }

    private static int number(String digits, String what, String text) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed("its " + what + " '" + digits + "' is not a decimal number", text);
        }
        return Integer.parseInt(digits);
    }

    private static IllegalArgumentException malformed(String why, String text) {
        return new IllegalArgumentException("malformed noderpc EPMD record" + (text == null ? "" : " '" + text + "'")
                + ": " + why + " (expected e.g. '" + of(5370).format() + "')");
    }

    @Override
    public String toString() {
        return format();
    }
}
