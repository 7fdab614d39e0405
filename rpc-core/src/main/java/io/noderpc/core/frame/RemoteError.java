package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.RemoteException;
import io.noderpc.core.RpcException;
import io.noderpc.core.internal.WireStrings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * A failure as it travels in the payload of an ERROR frame: a kind and three strings, never a serialized exception.
 *
 * <pre>
 *  +------+------------------------+---------------------------+-------------------------------+
 *  | kind | u16 len + className    | u16 len + message         | u16 len + stackTrace          |
 *  | u8   | UTF-8, &lt;= 1024 bytes  | UTF-8, &lt;= 16384 bytes    | UTF-8, &lt;= 65535 bytes        |
 *  +------+------------------------+---------------------------+-------------------------------+
 *  kind: an ErrorKind code. A message of length 0xFFFF means "no message" (null).
 * </pre>
 * The writer truncates longer strings (marking them {@code ...[truncated]}); the reader rejects unknown kinds,
 * invalid UTF-8, over-long fields and trailing bytes with {@link MalformedFrameException}.
 *
 * @param kind what failed
 * @param className the class of the exception thrown remotely (for {@link ErrorKind#REMOTE}) or of the
 *                  {@link RpcException} raised there
 * @param message its message, or {@code null}
 * @param stackTrace the remote stack trace as printed there (with causes), possibly empty
 */
public record RemoteError(ErrorKind kind, String className, String message, String stackTrace) {

    /** The longest class name kept, in UTF-8 bytes. */
    public static final int MAX_CLASS_NAME = 1024;
    /** The longest message kept, in UTF-8 bytes. */
    public static final int MAX_MESSAGE = 16 * 1024;
    /** The longest stack trace kept, in UTF-8 bytes. */
    public static final int MAX_STACK_TRACE = 0xFFFF;

    private static final int NO_MESSAGE = 0xFFFF;

    public RemoteError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(className, "className");
        stackTrace = stackTrace == null ? "" : stackTrace;
    }

    /**
     * The error describing {@code failure}: an {@link RpcException} keeps its kind, anything else is
     * {@link ErrorKind#REMOTE}.
     */
    public static RemoteError of(Throwable failure) {
        ErrorKind kind = failure instanceof RpcException ? ((RpcException) failure).kind() : ErrorKind.REMOTE;
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return new RemoteError(kind, failure.getClass().getName(), failure.getMessage(), trace.toString());
    }

    /**
     * The exception to raise on the calling side: {@link RemoteException} for {@link ErrorKind#REMOTE}, otherwise
     * the {@link RpcException} subclass of the kind with the remote message.
     */
    public RpcException toException() {
        if (kind == ErrorKind.REMOTE) {
            return new RemoteException(className, message, stackTrace);
        }
        return kind.newException(message == null ? className : message);
    }

    /** Writes the encoding into {@code out}. */
    public void encode(ByteBuf out) {
        out.writeByte(kind.code());
        WireStrings.writeText16(out, className, MAX_CLASS_NAME);
        if (message == null) {
            out.writeShort(NO_MESSAGE);
        } else {
            WireStrings.writeText16(out, message, MAX_MESSAGE);
        }
        WireStrings.writeText16(out, stackTrace, MAX_STACK_TRACE);
    }

    /** The encoding in a new buffer from {@code alloc}. */
    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(64 + className.length() + (message == null ? 0 : message.length())
                + stackTrace.length());
        encode(out);
        return out;
    }

    /**
     * Reads an encoding occupying all of {@code in}'s readable bytes.
     *
     * @throws MalformedFrameException if the bytes are not a valid encoding
     */
    public static RemoteError decode(ByteBuf in) {
        if (!in.isReadable()) {
            throw new MalformedFrameException("ERROR payload is empty");
        }
        int code = in.readUnsignedByte();
        ErrorKind kind = ErrorKind.fromCode(code);
        if (kind == null) {
            throw new MalformedFrameException("ERROR payload has unknown error kind " + code);
        }
        String className = WireStrings.readText16(in, "error class name", MAX_CLASS_NAME);
        String message = null;
        if (in.readableBytes() >= 2 && in.getUnsignedShort(in.readerIndex()) == NO_MESSAGE) {
            in.skipBytes(2);
        } else {
            message = WireStrings.readText16(in, "error message", MAX_MESSAGE);
        }
        String stackTrace = WireStrings.readText16(in, "error stack trace", MAX_STACK_TRACE);
        if (in.isReadable()) {
            throw new MalformedFrameException("ERROR payload has " + in.readableBytes() + " trailing bytes");
        }
        return new RemoteError(kind, className, message, stackTrace);
    }
}
