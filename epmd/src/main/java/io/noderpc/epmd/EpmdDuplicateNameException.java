package io.noderpc.epmd;

/**
 * EPMD refused a registration with result 1: another live node holds the name. OTP's epmd never
 * replaces a registered node; stop the other node or choose another name.
 */
public class EpmdDuplicateNameException extends EpmdRegistrationException {

    private static final long serialVersionUID = 1L;

    public EpmdDuplicateNameException(String message, String nodeName) {
        super(message, nodeName, 1);
    }
}
