package io.noderpc.server.internal;

import io.netty.channel.ChannelFuture;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * An ABCAST or SBCAST: on the link's mailbox lane (one at a time, in arrival order), decodes the message and hands
 * it to the mailbox; an SBCAST is answered {@code delivered=true} if the mailbox took it without throwing, else
 * {@code false}.
 */
final class MailboxTask extends WorkerTask {

    private final long id;
    private final String name;
    private final boolean sync;

    MailboxTask(Link link, Frame frame) {
        super(link, frame);
        this.id = frame.id();
        this.name = frame.name();
        this.sync = frame.type() == FrameType.SBCAST;
    }

    @Override
    Executor executor() {
        return link.mailboxLane();
    }

    @Override
    ChannelFuture execute() {
        boolean delivered = false;
        Consumer<Object> mailbox = link.server().mailboxes().mailbox(name).orElse(null);
        if (mailbox == null) {
            releaseFrame();
            log.debug("{} from {} dropped: mailbox {} was unregistered", this, link, name);
        } else {
            try {
                mailbox.accept(decodePayload());
                delivered = true;
            } catch (Throwable t) {
                log.warn("{} from {} not delivered: {}", this, link, t.toString(), t);
            }
        }
        return sync ? link.send(Frame.sbcastReply(id, delivered)) : null;
    }

    @Override
    void onRejected(RejectedExecutionException cause) {
        if (sync && link.channel().isActive()) {
            link.send(Frame.sbcastReply(id, false));
        }
    }

    @Override
    void abandon(String reason) {
        if (sync && link.channel().isActive()) {
            link.send(Frame.sbcastReply(id, false));
        }
        super.abandon(reason);
    }

    @Override
    public String toString() {
        return (sync ? "sbcast " : "abcast ") + id + " to " + name;
    }
}
