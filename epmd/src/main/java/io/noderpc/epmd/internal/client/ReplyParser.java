package io.noderpc.epmd.internal.client;

import io.netty.buffer.ByteBuf;
import io.noderpc.epmd.EpmdProtocolException;

/**
 * Turns the bytes of a one-shot EPMD reply into a value. Called after each read with everything
 * received so far, and once more when the daemon has closed the connection.
 *
 * @param <T> the reply value
 */
public interface ReplyParser<T> {

    /** Request name for messages, e.g. {@code "NAMES_REQ"}. */
    String requestName();

    /**
     * @param received every byte received so far, from its reader index; must not be modified
     * @param eof      whether the daemon has closed the connection (no more bytes will come)
     * @return the reply once complete, or null to wait for more bytes (never null when {@code eof})
     * @throws EpmdProtocolException if the bytes cannot be such a reply
     */
    T parse(ByteBuf received, boolean eof);
}
