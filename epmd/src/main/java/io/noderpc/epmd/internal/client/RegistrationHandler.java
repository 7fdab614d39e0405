package io.noderpc.epmd.internal.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.noderpc.epmd.EpmdDuplicateNameException;
import io.noderpc.epmd.EpmdProtocolException;
import io.noderpc.epmd.EpmdRegistrationException;
import io.noderpc.epmd.internal.EpmdProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one ALIVE2_REQ and reads its reply, which may arrive in fragments:
 * <pre>
 * 118 | Result:8 | Creation:32      ALIVE2_X_RESP (request's HighestVersion &gt;= 6)
 * 121 | Result:8 | Creation:16      ALIVE2_RESP
 * </pre>
 * On result 0 the future gets the channel and creation, and the channel stays open: it is the
 * registration. Nothing is ever written after the request, since any byte would unregister the
 * name. Bytes the daemon sends after the reply are dropped with a warning. Anything else (another
 * tag, more bytes than the reply in the same read, a close or timeout before the reply, a non-zero
 * result) fails the future and closes the channel.
 */
public final class RegistrationHandler extends RequestHandler<Registered> {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationHandler.class);

    private final String name;

    private final byte[] reply = new byte[6];
    private int replyLength;
    private int expectedLength;

    public RegistrationHandler(byte[] request, String name, CompletableFuture<Registered> result,
                               long timeoutMillis) {
        super(request, result, timeoutMillis);
        this.name = name;
    }

    @Override
    String what() {
        return "ALIVE2_REQ for '" + name + "'";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (done) {
                if (in.isReadable() && result.isDone() && !result.isCompletedExceptionally()) {
                    LOG.warn("epmd at {} sent {} unexpected bytes on the registration of '{}'; ignored",
                            peer(ctx), in.readableBytes(), name);
                }
                return;
            }
            while (in.isReadable()) {
                if (replyLength == expectedLength && expectedLength > 0) {
                    fail(ctx, malformed("reply longer than " + expectedLength + " bytes", in));
                    return;
                }
                reply[replyLength++] = in.readByte();
                if (replyLength == 1) {
                    if (reply[0] == EpmdProtocol.ALIVE2_X_RESP) {
                        expectedLength = 6;
                    } else if (reply[0] == EpmdProtocol.ALIVE2_RESP) {
                        expectedLength = 4;
                    } else {
                        fail(ctx, malformed("reply tag " + (reply[0] & 0xFF)
                                + " is neither ALIVE2_X_RESP (118) nor ALIVE2_RESP (121)", in));
                        return;
                    }
                }
            }
            if (replyLength == expectedLength) {
                complete(ctx);
            }
        } finally {
            ReferenceCountUtil.release(in);
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        int status = reply[1] & 0xFF;
        int creation = expectedLength == 6
                ? (reply[2] & 0xFF) << 24 | (reply[3] & 0xFF) << 16 | (reply[4] & 0xFF) << 8 | reply[5] & 0xFF
                : (reply[2] & 0xFF) << 8 | reply[3] & 0xFF;
        if (status == 1) {
            fail(ctx, new EpmdDuplicateNameException("epmd at " + peer(ctx)
                    + " refused to register '" + name + "' (result 1): the name is in use by another node;"
                    + " stop that node or choose another name", name));
        } else if (status != 0) {
            fail(ctx, new EpmdRegistrationException("epmd at " + peer(ctx)
                    + " refused to register '" + name + "' (result " + status + ")", name, status));
        } else {
            done = true;
            cancelTimeout();
            result.complete(new Registered(ctx.channel(), creation));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, malformed("epmd closed the connection before the reply to ALIVE2_REQ was complete", null));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            LOG.debug("registration connection of '{}' failed: {}", name, cause.toString());
            ctx.close();
        } else {
            super.exceptionCaught(ctx, cause);
        }
    }

    private EpmdProtocolException malformed(String what, ByteBuf rest) {
        byte[] bytes = Arrays.copyOf(reply, replyLength);
        if (rest != null && rest.isReadable()) {
            byte[] more = new byte[rest.readableBytes()];
            rest.getBytes(rest.readerIndex(), more);
            bytes = Arrays.copyOf(bytes, bytes.length + more.length);
            System.arraycopy(more, 0, bytes, replyLength, more.length);
        }
        return new EpmdProtocolException("malformed reply to ALIVE2_REQ for '" + name + "': " + what, bytes);
    }

    @Override
    void fail(ChannelHandlerContext ctx, RuntimeException error) {
        if (done) {
            return;
        }
        done = true;
        cancelTimeout();
        ctx.channel().close();
        result.completeExceptionally(error);
    }
}
