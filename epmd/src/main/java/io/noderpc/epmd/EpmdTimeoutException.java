package io.noderpc.epmd;

/**
 * EPMD accepted the connection but did not complete its reply within the request timeout
 * ({@link EpmdClientOptions#requestTimeout()}). The connection has been closed; for a registration
 * this means the name is not registered.
 */
public class EpmdTimeoutException extends EpmdException {

    private static final long serialVersionUID = 1L;

    public EpmdTimeoutException(String message) {
        super(message);
    }
}
