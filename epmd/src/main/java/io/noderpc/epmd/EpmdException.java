package io.noderpc.epmd;

/**
 * Root of every error the EPMD daemon and client raise. Unchecked; the subclasses say what failed.
 */
public class EpmdException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EpmdException(String message) {
        super(message);
    }

    public EpmdException(String message, Throwable cause) {
        super(message, cause);
    }
}
