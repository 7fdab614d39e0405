package io.noderpc.epmd;

/**
 * The client could not open, or lost, the TCP connection to EPMD: nothing listens on the port
 * (is {@code epmd} running? is {@code ERL_EPMD_PORT} the same on both sides?), the connect timed
 * out, or the connection broke before the reply was complete.
 */
public class EpmdConnectException extends EpmdException {

    private static final long serialVersionUID = 1L;

    public EpmdConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
