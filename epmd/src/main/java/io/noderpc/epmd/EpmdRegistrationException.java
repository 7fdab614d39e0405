package io.noderpc.epmd;

/**
 * EPMD answered an ALIVE2_REQ with a non-zero result: the name was not registered.
 * OTP's epmd only ever answers result 1, which for a request this client has validated means
 * {@link EpmdDuplicateNameException}; other values come from other daemons.
 */
public class EpmdRegistrationException extends EpmdException {

    private static final long serialVersionUID = 1L;

    private final String nodeName;
    private final int result;

    public EpmdRegistrationException(String message, String nodeName, int result) {
        super(message);
        this.nodeName = nodeName;
        this.result = result;
    }

    /** The name that was refused. */
    public String nodeName() {
        return nodeName;
    }

    /** The {@code Result} byte of the reply, never 0. */
    public int result() {
        return result;
    }
}
