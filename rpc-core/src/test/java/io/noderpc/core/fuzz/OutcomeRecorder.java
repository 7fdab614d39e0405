package io.noderpc.core.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameTooLongException;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.MalformedFrameException;
import io.noderpc.core.frame.MessageTooLargeException;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import io.noderpc.core.handshake.HandshakeFailedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The last handler of a fuzzed pipeline: describes everything that reaches it, releases it, and separates the
 * documented errors from anything else (a bug).
 */
public final class OutcomeRecorder extends ChannelInboundHandlerAdapter {

    private final List<String> outcome = new ArrayList<>();
    private final List<Throwable> unexpected = new ArrayList<>();

    /** Whether {@code t} is one of the documented decode errors (exact classes, so wrapped bugs do not pass). */
    public static boolean isDocumentedDecodeError(Throwable t) {
        Class<?> c = t.getClass();
        return c == FrameTooLongException.class || c == MalformedFrameException.class
                || c == MessageTooLargeException.class;
    }

    /** Feeds {@code input} to {@code ch} in pieces while it is open. */
    public static void feed(EmbeddedChannel ch, ByteBufAllocator alloc, byte[] input, int pieceSize) {
        for (int off = 0; off < input.length && ch.isOpen(); off += pieceSize) {
            int n = Math.min(pieceSize, input.length - off);
            ch.writeInbound(alloc.buffer(n).writeBytes(input, off, n));
        }
    }

    /** What reached this handler; throws if anything undocumented did. */
    public List<String> outcome() {
        if (!unexpected.isEmpty()) {
            AssertionError e = new AssertionError("undocumented failure: " + unexpected.get(0));
            e.initCause(unexpected.get(0));
            throw e;
        }
        return outcome;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Frame frame) {
                outcome.add(describe(frame));
            } else {
                unexpected.add(new IllegalStateException("unexpected message " + msg.getClass().getName()));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static String describe(Frame frame) {
        ByteBuf payload = frame.content();
        CRC32 crc = new CRC32();
        crc.update(payload.nioBuffer());
        String description = frame.type() + " id=" + frame.id() + " flags=" + frame.flags() + " service="
                + frame.service() + " function=" + frame.function() + " name=" + frame.name() + " timeout="
                + frame.timeoutMillis() + " delivered=" + frame.delivered() + " payload=" + payload.readableBytes()
                + "/" + Long.toHexString(crc.getValue());
        if (frame.type() == FrameType.ERROR) {
            try {
                RemoteError error = RemoteError.decode(payload.duplicate());
                description += " error=" + error.kind() + ":" + error.toException().getClass().getSimpleName();
            } catch (MalformedFrameException e) {
                description += " error=malformed";
            }
        }
        return description;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeCompletedEvent completed) {
            outcome.add("completed " + completed);
        } else if (evt instanceof HandshakeFailedEvent failed) {
            RpcException cause = failed.cause();
            Throwable inner = cause.getCause();
            boolean documented = inner == null || (cause instanceof IncompatibleException
                    && isDocumentedDecodeError(inner));
            boolean knownKind = cause instanceof AuthenticationFailedException || cause instanceof BadNodeException
                    || cause instanceof IncompatibleException || cause instanceof RpcTimeoutException
                    || cause instanceof ConnectFailedException;
            if (documented && knownKind) {
                outcome.add("failed " + cause.getClass().getSimpleName()
                        + (inner == null ? "" : " <- " + inner.getClass().getSimpleName()));
            } else {
                unexpected.add(cause);
            }
        } else {
            outcome.add("event " + evt.getClass().getSimpleName());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isDocumentedDecodeError(cause)) {
            outcome.add("error " + cause.getClass().getSimpleName());
        } else {
            unexpected.add(cause);
        }
    }
}
