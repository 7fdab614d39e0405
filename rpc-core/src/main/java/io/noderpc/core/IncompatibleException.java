package io.noderpc.core;

/**
 * The two ends do not speak compatible versions: the link protocol version (handshake), a peer that
 * does not follow the protocol, or a service version check. Upgrade one side so that their versions overlap.
 */
public class IncompatibleException extends RpcException {

    private static final long serialVersionUID = 1L;

    public IncompatibleException(String message) {
        super(message);
    }

    public IncompatibleException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INCOMPATIBLE;
    }
}
