package io.noderpc.core;

/**
 * No answer within the deadline: a call's end-to-end timeout, the connect timeout or the
 * authentication (handshake) timeout. The remote side may still have executed the request; a timed-out call is
 * not cancelled remotely. Raise the timeout, or find out why the node is slow or silent.
 */
public class RpcTimeoutException extends RpcException {

    private static final long serialVersionUID = 1L;

    public RpcTimeoutException(String message) {
        super(message);
    }

    public RpcTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.TIMEOUT;
    }
}
