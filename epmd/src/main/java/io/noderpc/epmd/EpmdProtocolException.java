package io.noderpc.epmd;

/**
 * The peer answered, but not as EPMD does: an unknown reply tag, a reply longer or shorter than
 * the protocol allows, the connection closed before the reply was complete, or a reply larger than
 * {@link EpmdClientOptions#maxReplyBytes()}. Usually the port belongs to something else than EPMD,
 * or the daemon refused the request by closing the connection without a reply (OTP's epmd does
 * that for malformed requests and for {@code STOP_REQ} without {@code -relaxed_command_check}).
 *
 * <p>{@link #reply()} holds the bytes received, so a command line tool can print them the way
 * OTP's {@code epmd} does ({@code epmd: local epmd responded with <...>}).
 */
public class EpmdProtocolException extends EpmdException {

    private static final long serialVersionUID = 1L;

    private final byte[] reply;

    public EpmdProtocolException(String message, byte[] reply) {
        super(message);
        this.reply = reply.clone();
    }

    /** A copy of the reply bytes received before the error was detected (possibly empty). */
    public byte[] reply() {
        return reply.clone();
    }
}
