package io.noderpc.server.internal;

import io.netty.buffer.ByteBufAllocator;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.CodecException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.NoSuchFunctionException;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.RemoteException;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.core.UnauthorizedException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.RemoteError;
import java.io.PrintWriter;
import java.io.StringWriter;

/** ERROR frames answering calls. */
public final class ErrorFrames {

    private ErrorFrames() {
    }

    /** An ERROR of {@code kind} with {@code message} and no stack: a refusal by the server itself. */
    public static Frame refusal(long id, ErrorKind kind, String message, ByteBufAllocator alloc) {
        return Frame.error(id, new RemoteError(kind, exceptionClass(kind).getName(), message, ""), alloc);
    }

    /**
     * An ERROR of kind REMOTE for what the function threw, whatever its class: an {@link RpcException} thrown by
     * the function (e.g. from a nested call) is the function's failure, not this server's, so the caller gets a
     * {@link RemoteException} naming it rather than, say, a timeout of its own call.
     */
    public static Frame remote(long id, Throwable thrown, ByteBufAllocator alloc) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return Frame.error(id, new RemoteError(ErrorKind.REMOTE, thrown.getClass().getName(), thrown.getMessage(),
                trace.toString()), alloc);
    }

    static Class<? extends RpcException> exceptionClass(ErrorKind kind) {
        switch (kind) {
            case TIMEOUT: return RpcTimeoutException.class;
            case NODE_DOWN: return NodeDownException.class;
            case CONNECT_FAILED: return ConnectFailedException.class;
            case AUTHENTICATION_FAILED: return AuthenticationFailedException.class;
            case BAD_NODE: return BadNodeException.class;
            case UNAUTHORIZED: return UnauthorizedException.class;
            case NO_SUCH_FUNCTION: return NoSuchFunctionException.class;
            case INCOMPATIBLE: return IncompatibleException.class;
            case CODEC: return CodecException.class;
            case REMOTE: return RemoteException.class;
            default: return RpcException.class;
        }
    }
}
