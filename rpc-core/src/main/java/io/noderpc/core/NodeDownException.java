package io.noderpc.core;

/**
 * The link to the node closed or failed while the request was outstanding (peer crash, network loss,
 * inactivity timeout on the other side). The request may or may not have been executed. Retry once the node is back.
 */
public class NodeDownException extends RpcException {

    private static final long serialVersionUID = 1L;

    public NodeDownException(String message) {
        super(message);
    }

    public NodeDownException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NODE_DOWN;
    }
}
