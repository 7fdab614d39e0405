package io.noderpc.epmd;

/**
 * The EPMD port is already taken on one of the listen addresses: another epmd is most likely running
 * there. OTP's epmd exits with status 0 in that case, and so does {@code bin/epmd}.
 */
public class EpmdAddressInUseException extends EpmdException {

    private static final long serialVersionUID = 1L;

    public EpmdAddressInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
