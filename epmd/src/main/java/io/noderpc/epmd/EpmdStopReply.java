package io.noderpc.epmd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reply to STOP_REQ (honoured only by a daemon started with {@code -relaxed_command_check};
 * otherwise it closes without a reply and the client raises {@link EpmdProtocolException}).
 * OTP's epmd answers {@code "STOPPED"} after closing the node's registration, or
 * {@code "NOEXIST"} followed by {@code "STOPPED"} for an unknown name. A reply shorter than seven
 * bytes raises {@link EpmdProtocolException}.
 *
 * @param outcome what the first seven bytes mean
 * @param raw     every byte received (14 bytes {@code NOEXISTSTOPPED} for an unknown name)
 */
public record EpmdStopReply(Outcome outcome, byte[] raw) {

    /** Meaning of the first seven reply bytes. */
    public enum Outcome {
        /** {@code "STOPPED"}: the name was unregistered and its registration connection closed. */
        STOPPED,
        /** {@code "NOEXIST"}: no node has that name. */
        NOEXIST,
        /** Seven or more bytes that are neither. */
        UNEXPECTED
    }

    public EpmdStopReply {
        Objects.requireNonNull(outcome, "outcome");
        raw = raw.clone();
    }

    /** A copy of the reply bytes. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The first seven bytes as text: what OTP's {@code epmd -stop NAME} prints. */
    public String text() {
        return new String(raw, 0, Math.min(7, raw.length), StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpmdStopReply r && outcome == r.outcome && Arrays.equals(raw, r.raw);
    }

    @Override
    public int hashCode() {
        return outcome.hashCode() * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "EpmdStopReply[" + outcome + ", " + new String(raw, StandardCharsets.ISO_8859_1) + "]";
    }
}
