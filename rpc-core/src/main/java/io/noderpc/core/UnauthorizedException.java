package io.noderpc.core;

/**
 * The remote node refused to run the service or function: it is not exported, or an access rule
 * denies it. Register or export it on the remote node. Nothing was executed.
 */
public class UnauthorizedException extends RpcException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(message);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.UNAUTHORIZED;
    }
}
