package io.noderpc.epmd.internal.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Debug output in the form of OTP's epmd ({@code epmd: <ctime>: message\r\n} on stderr).
 * Level 1 traces requests and (un)registrations, level 2 adds hex dumps of what is read,
 * level 3 adds the node tables after every request. Without a stream (embedded servers) the same
 * lines go to the {@code io.noderpc.epmd} logger.
 */
public final class DebugLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.noderpc.epmd");

    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private final int level;
    private final PrintStream out;

    public DebugLog(int level, PrintStream out) {
        this.level = level;
        this.out = out;
    }

    public boolean enabled(int atLeast) {
        return level >= atLeast;
    }

    public int level() {
        return level;
    }

    /** Prints {@code message} when the level is at least {@code atLeast}. */
    public void log(int atLeast, String message) {
        if (out == null) {
            if (atLeast == 0) {
                LOG.info(message);
            } else if (level >= atLeast) {
                LOG.debug(message);
            }
            return;
        }
        if (level >= atLeast) {
            String line = "epmd: " + CTIME.format(ZonedDateTime.now()) + ": " + message + "\r\n";
            synchronized (out) {
                out.print(line);
                out.flush();
            }
        }
    }
}
