package io.noderpc.core;

/**
 * No link could be made to the node: connection refused, host unreachable or unknown, no data port
 * known for it, or the connection closed before the handshake finished. Check that the node runs and that its data
 * port is reachable from here.
 */
public class ConnectFailedException extends RpcException {

    private static final long serialVersionUID = 1L;

    public ConnectFailedException(String message) {
        super(message);
    }

    public ConnectFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CONNECT_FAILED;
    }
}
