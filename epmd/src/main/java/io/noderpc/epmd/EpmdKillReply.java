package io.noderpc.epmd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reply to KILL_REQ. OTP's epmd answers {@code "OK"} and exits, or {@code "NO"} and keeps
 * running when nodes are registered and it was not started with {@code -relaxed_command_check}.
 * A reply shorter than two bytes is not a reply: the client raises {@link EpmdProtocolException}.
 *
 * @param outcome what the first two bytes mean
 * @param raw     every byte received
 */
public record EpmdKillReply(Outcome outcome, byte[] raw) {

    /** Meaning of the first two reply bytes, as OTP's {@code epmd -kill} reads them. */
    public enum Outcome {
        /** {@code "OK"}: the daemon exits ({@code epmd -kill} prints {@code Killed}). */
        KILLED,
        /** {@code "NO"}: live nodes, not relaxed; the daemon keeps running. */
        REFUSED,
        /** Two or more bytes that are neither; OTP's client reports them as a refusal. */
        UNEXPECTED
    }

    public EpmdKillReply {
        Objects.requireNonNull(outcome, "outcome");
        raw = raw.clone();
    }

    /** A copy of the reply bytes. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The reply as text (ISO-8859-1, one char per byte). */
    public String text() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpmdKillReply r && outcome == r.outcome && Arrays.equals(raw, r.raw);
    }

    @Override
    public int hashCode() {
        return outcome.hashCode() * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "EpmdKillReply[" + outcome + ", " + text() + "]";
    }
}
