package io.noderpc.core;

/**
 * The remote node has no such service, or the service has no such function for these arguments.
 * Check the names and the arity. Nothing was executed.
 */
public class NoSuchFunctionException extends RpcException {

    private static final long serialVersionUID = 1L;

    public NoSuchFunctionException(String message) {
        super(message);
    }

    public NoSuchFunctionException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NO_SUCH_FUNCTION;
    }
}
