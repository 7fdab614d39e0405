package io.noderpc.core;

import io.noderpc.core.frame.RemoteError;

/**
 * What kind of failure an {@link RpcException} reports, with the one-byte code that carries it in ERROR frames
 * and handshake REJECT messages. Codes are part of the wire protocol: never renumber, only append.
 */
public enum ErrorKind {
    /** A failure with no more specific kind ({@link RpcException} itself). */
    RPC(0),
    /** {@link RpcTimeoutException}. */
    TIMEOUT(1),
    /** {@link NodeDownException}. */
    NODE_DOWN(2),
    /** {@link ConnectFailedException}. */
    CONNECT_FAILED(3),
    /** {@link AuthenticationFailedException}. */
    AUTHENTICATION_FAILED(4),
    /** {@link BadNodeException}. */
    BAD_NODE(5),
    /** {@link UnauthorizedException}. */
    UNAUTHORIZED(6),
    /** {@link NoSuchFunctionException}. */
    NO_SUCH_FUNCTION(7),
    /** {@link IncompatibleException}. */
    INCOMPATIBLE(8),
    /** {@link CodecException}. */
    CODEC(9),
    /** {@link RemoteException}: the remote function itself threw. */
    REMOTE(10);

    private static final ErrorKind[] BY_CODE = new ErrorKind[11];

    static {
        for (ErrorKind kind : values()) {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;

    ErrorKind(int code) {
        this.code = code;
    }

    /** The wire code, 0..255. */
    public int code() {
        return code;
    }

    /**
     * The kind with this wire code.
     *
     * @return the kind, or {@code null} if the code is unknown (the caller decides whether that is an error)
     */
    public static ErrorKind fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * A new exception of this kind carrying {@code message}. For {@link #REMOTE} use
     * {@link RemoteError#toException()}, which keeps the remote class name and stack; here the message becomes the
     * remote message and the class name is unknown.
     */
    public RpcException newException(String message) {
        switch (this) {
            case TIMEOUT: return new RpcTimeoutException(message);
            case NODE_DOWN: return new NodeDownException(message);
            case CONNECT_FAILED: return new ConnectFailedException(message);
            case AUTHENTICATION_FAILED: return new AuthenticationFailedException(message);
            case BAD_NODE: return new BadNodeException(message);
            case UNAUTHORIZED: return new UnauthorizedException(message);
            case NO_SUCH_FUNCTION: return new NoSuchFunctionException(message);
            case INCOMPATIBLE: return new IncompatibleException(message);
            case CODEC: return new CodecException(message);
            case REMOTE: return new RemoteException("unknown", message, "");
            default: return new RpcException(message);
        }
    }
}
