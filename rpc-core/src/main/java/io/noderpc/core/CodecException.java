package io.noderpc.core;

/**
 * A value could not be encoded or decoded by the {@code Codec}: most often its class is not registered
 * (registration is required so that no unregistered class is ever instantiated from network data), or the bytes are
 * malformed. Register the class with the codec on both nodes, in any order.
 */
public class CodecException extends RpcException {

    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CODEC;
    }
}
