package io.noderpc.core;

/**
 * The address reached a node other than the one asked for (a stale port mapping, or two nodes swapped), or
 * a process that is not a noderpc node. Check the node name, its data port configuration or its EPMD registration.
 * Nothing was executed.
 */
public class BadNodeException extends RpcException {

    private static final long serialVersionUID = 1L;

    public BadNodeException(String message) {
        super(message);
    }

    public BadNodeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.BAD_NODE;
    }
}
