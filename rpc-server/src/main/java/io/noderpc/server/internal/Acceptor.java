package io.noderpc.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import io.noderpc.core.handshake.HandshakeFailedEvent;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's handler of one link, last in its pipeline: it sees frames only after the handshake succeeded
 * ({@link HandshakeCompletedEvent}). Runs on the channel's event loop and never blocks it; it decodes no payload
 * itself.
 *
 * <ul>
 *   <li>CALL, CAST, ORDERED_CAST: routed from the header alone ({@link Route}: access rule, service, version,
 *       function), then admitted through the link's {@link LinkGate} as a task that decodes and runs on a worker
 *       (on this event loop, for a non-blocking service's calls and unordered casts).
 *       A refused call is answered with an ERROR without decoding anything; a refused cast is logged and
 *       dropped.</li>
 *   <li>ABCAST, SBCAST: to a registered mailbox, delivered on the link's mailbox lane; to a missing one, dropped
 *       undecoded (an SBCAST answered {@code delivered=false}).</li>
 *   <li>CANCEL: drops the call if not started, else interrupts it; no answer either way.</li>
 *   <li>PING: answered with PONG at once (unless the peer has over {@value #MAX_UNWRITTEN_FOR_PONG} bytes of
 *       answers unread); does not count as activity.</li>
 *   <li>REPLY, ERROR, SBCAST_REPLY from a client break the protocol: the link closes.</li>
 * </ul>
 * With {@code serverInactivityTimeout} set, a link with nothing in flight and no request arriving or finishing for
 * that long is closed. Every frame is released. Not sharable.
 *
 * <h2>Shared links</h2>
 * A shared acceptor ({@link #shared}) serves a link someone else authenticated and owns, e.g. a distribution
 * channel where both peers are client and server. It differs where the channel is not the server's: it passes
 * {@link HandshakeCompletedEvent} and other events on; it passes on what a server does not handle (REPLY, ERROR,
 * SBCAST_REPLY, PONG, anything not a frame) with {@code fireChannelRead}, and exceptions too; it has no inactivity
 * timeout; and when the server drains or closes it refuses new work (its gate closes, reading goes on) but never
 * closes the channel. When the channel closes it fails and cleans up its work as on a data link.
 */
public final class Acceptor extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

    /** Pings are left unanswered while more than this many bytes wait to be written: the peer is not reading. */
    static final long MAX_UNWRITTEN_FOR_PONG = 1 << 20;

    private final ServerContext server;
    private final long idleTimeoutNanos;
    /** The registry of a shared acceptor; {@code null} on a data link. */
    private final SharedLinks sharedLinks;
    private ChannelHandlerContext ctx;
    private Link link;
    private boolean draining;
    private ScheduledFuture<?> idleCheck;

    /** The acceptor of a data link accepted by the server. */
    public Acceptor(ServerContext server) {
        this(server, null);
    }

    private Acceptor(ServerContext server, SharedLinks sharedLinks) {
        this.server = server;
        this.sharedLinks = sharedLinks;
        this.idleTimeoutNanos = sharedLinks != null ? 0 : server.options().serverInactivityTimeout().toNanos();
    }

    /** The acceptor of a shared link, registered in {@code sharedLinks} while it is in a pipeline. */
    public static Acceptor shared(ServerContext server, SharedLinks sharedLinks) {
        return new Acceptor(server, Objects.requireNonNull(sharedLinks, "sharedLinks"));
    }

    private boolean isShared() {
        return sharedLinks != null;
    }

    /** The link, once authenticated; {@code null} before. */
    public Link link() {
        return link;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (isShared() && !sharedLinks.add(this)) {
            draining = true; // the server began closing before this link joined it
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeCompletedEvent) {
            if (link == null) {
                link = new Link(server, ctx.channel(), ((HandshakeCompletedEvent) evt).nodeKey(), isShared());
                log.debug("{} accepted by {}", link, server.self());
                if (draining) {
                    link.gate().close(shuttingDown());
                }
                scheduleIdleCheck(ctx, idleTimeoutNanos);
            }
            if (isShared()) {
                ctx.fireUserEventTriggered(evt);
            }
        } else if (evt instanceof HandshakeFailedEvent) {
            log.debug("handshake from {} failed; the link closes", ctx.channel().remoteAddress());
            if (isShared()) {
                ctx.fireUserEventTriggered(evt);
            }
        } else if (evt == DrainEvent.INSTANCE) {
            drain(ctx);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** The server closes: refuse new work; a data link not yet authenticated is closed, a shared one never. */
    private void drain(ChannelHandlerContext ctx) {
        draining = true;
        if (link != null) {
            link.gate().close(shuttingDown());
        } else if (!isShared()) {
            ctx.close();
        }
    }

    /** Shared links: {@link #drain} on the acceptor's event loop; {@code null} if it has none any more. */
    Future<?> drainLater() {
        ChannelHandlerContext c = ctx;
        if (c == null || c.isRemoved()) {
            return null;
        }
        try {
            return c.executor().submit(() -> drain(c));
        } catch (RejectedExecutionException e) {
            return null; // the owner's event loop is gone, and the channel with it
        }
    }

    private String shuttingDown() {
        return "node " + server.self() + " is shutting down";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame)) {
            if (isShared()) {
                ctx.fireChannelRead(msg); // the owner's own traffic
                return;
            }
            ReferenceCountUtil.release(msg);
            protocolError(ctx, "unexpected " + msg.getClass().getName() + " in the pipeline");
            return;
        }
        Frame frame = (Frame) msg;
        if (link == null) {
            frame.release();
            if (isShared()) {
                ctx.fireExceptionCaught(new IllegalStateException("a frame reached the shared-link acceptor of "
                        + server.self() + " before a HandshakeCompletedEvent: add it to the pipeline before the"
                        + " handshake completes; frame dropped"));
                return;
            }
            protocolError(ctx, "a frame arrived before the handshake completed");
            return;
        }
        switch (frame.type()) {
            case CALL:
                onCall(frame);
                break;
            case CAST:
            case ORDERED_CAST:
                onCast(frame);
                break;
            case ABCAST:
            case SBCAST:
                onMailbox(frame);
                break;
            case CANCEL:
                onCancel(frame.id());
                frame.release();
                break;
            case PING:
                onPing(ctx, frame.id());
                frame.release();
                break;
            case PONG:
                if (isShared()) {
                    ctx.fireChannelRead(frame); // answers a ping of the owner's or of a client on this link
                } else {
                    frame.release();
                }
                break;
            default:
                if (isShared()) {
                    ctx.fireChannelRead(frame); // an answer to a client on this link: not the server's
                    break;
                }
                String type = frame.type().toString();
                frame.release();
                protocolError(ctx, "the client sent " + type + ", which only a server sends");
        }
    }

    private void onCall(Frame frame) {
        Route route = Route.of(server, frame.service(), frame.function());
        if (route.refused()) {
            long id = frame.id();
            log.debug("call {} {}:{} from {} refused: {}", id, frame.service(), frame.function(), link,
                    route.reason());
            frame.release();
            link.gate().admit(AnswerTask.error(link, id, route.refusal(), route.reason()));
            return;
        }
        CallTask task = new CallTask(link, frame, route);
        link.calls().put(task.id(), task);
        link.gate().admit(task);
    }

    private void onCast(Frame frame) {
        Route route = Route.of(server, frame.service(), frame.function());
        if (route.refused()) {
            log.warn("{} {} {}:{} from {} dropped: {}", frame.type(), frame.id(), frame.service(), frame.function(),
                    link, route.reason());
            frame.release();
            link.gate().touch();
            return;
        }
        link.gate().admit(new CastTask(link, frame, route));
    }

    private void onMailbox(Frame frame) {
        if (server.mailboxes().mailbox(frame.name()).isEmpty()) {
            log.debug("{} {} from {} dropped: no mailbox {}", frame.type(), frame.id(), link, frame.name());
            boolean sync = frame.type() == FrameType.SBCAST;
            long id = frame.id();
            frame.release();
            if (sync) {
                link.gate().admit(AnswerTask.notDelivered(link, id));
            } else {
                link.gate().touch();
            }
            return;
        }
        link.gate().admit(new MailboxTask(link, frame));
    }

    private void onCancel(long id) {
        CallTask task = link.calls().get(id);
        if (task != null) {
            task.cancel();
        }
    }

    private void onPing(ChannelHandlerContext ctx, long id) {
        if (ctx.channel().bytesBeforeWritable() > MAX_UNWRITTEN_FOR_PONG) {
            log.debug("ping {} from {} not answered: its answers are not being read", id, link);
            return;
        }
        ctx.writeAndFlush(Frame.pong(id));
    }

    private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayNanos) {
        if (idleTimeoutNanos > 0 && ctx.channel().isActive()) {
            idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void checkIdle(ChannelHandlerContext ctx) {
        idleCheck = null;
        LinkGate gate = link.gate();
        if (gate.busy()) {
            scheduleIdleCheck(ctx, idleTimeoutNanos);
            return;
        }
        long idle = link.ticker().nanoTime() - gate.lastActivity();
        if (idle >= idleTimeoutNanos) {
            log.info("closing {}: no call or cast for {} ms (serverInactivityTimeout)", link,
                    TimeUnit.NANOSECONDS.toMillis(idle));
            ctx.close();
        } else {
            scheduleIdleCheck(ctx, idleTimeoutNanos - idle);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelIdleCheck();
        if (link != null) {
            link.gate().close("its link closed");
            log.debug("{} closed", link);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelIdleCheck();
        if (isShared()) {
            sharedLinks.remove(this);
            if (link != null) {
                link.gate().close("its acceptor was removed from the link");
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isShared()) {
            ctx.fireExceptionCaught(cause); // the owner decides what becomes of its channel
            return;
        }
        Object who = link != null ? link : "link from " + ctx.channel().remoteAddress();
        if (cause instanceof IOException) {
            log.debug("{} failed: {}", who, cause.toString());
        } else {
            log.warn("closing {}: {}", who, cause.toString());
        }
        ctx.close();
    }

    private void protocolError(ChannelHandlerContext ctx, String what) {
        log.warn("closing {}: {}", link != null ? link : "link from " + ctx.channel().remoteAddress(), what);
        ctx.close();
    }

    private void cancelIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
    }
}
