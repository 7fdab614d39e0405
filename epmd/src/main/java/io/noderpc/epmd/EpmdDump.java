package io.noderpc.epmd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reply to DUMP_REQ, a debugging aid: the daemon's port and its tables as text.
 *
 * <pre>
 * EPMDPortNo:32 | "active name     &lt;" Name "&gt; at port " Port ", fd = " Fd "\n" 0 | ...
 *               | "old/unused name &lt;" Name "&gt;, port = " Port ", fd = " Fd " \n" 0 | ...
 * </pre>
 *
 * <p>{@link #raw()} is every byte after the header, NUL separators included, exactly as received;
 * OTP's {@code epmd -dump} prints it verbatim after {@code epmd: up and running on port <P> with data:}.
 *
 * @param epmdPort the daemon's own port from the header
 * @param raw      the bytes after the header
 */
public record EpmdDump(int epmdPort, byte[] raw) {

    public EpmdDump {
        raw = raw.clone();
    }

    /** A copy of the bytes after the header. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The entries: {@link #raw()} split at each NUL, decoded as UTF-8, empty pieces left out. */
    public List<String> entries() {
        List<String> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    entries.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpmdDump d && epmdPort == d.epmdPort && Arrays.equals(raw, d.raw);
    }

    @Override
    public int hashCode() {
        return epmdPort * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "EpmdDump[epmdPort=" + epmdPort + ", " + raw.length + " bytes]";
    }
}
