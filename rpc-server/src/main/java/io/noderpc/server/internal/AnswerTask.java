package io.noderpc.server.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.frame.Frame;
import java.util.function.Function;

/**
 * An answer decided on the event loop without running anything (a refused call, an SBCAST to a missing mailbox).
 * It goes through the {@link LinkGate} like any request, so that a peer flooding refused requests while not
 * reading its answers meets the same in-flight bound, and is written inline when admitted.
 */
final class AnswerTask extends WorkerTask {

    private final String description;
    private final Function<ByteBufAllocator, Frame> answer;

    private AnswerTask(Link link, String description, Function<ByteBufAllocator, Frame> answer) {
        super(link, null);
        this.description = description;
        this.answer = answer;
    }

    /** An ERROR answering call {@code id}. */
    static AnswerTask error(Link link, long id, ErrorKind kind, String message) {
        return new AnswerTask(link, "refusal of call " + id, alloc -> ErrorFrames.refusal(id, kind, message, alloc));
    }

    /** SBCAST_REPLY(id, delivered=false). */
    static AnswerTask notDelivered(Link link, long id) {
        return new AnswerTask(link, "sbcast " + id + " reply", alloc -> Frame.sbcastReply(id, false));
    }

    @Override
    boolean inline() {
        return true;
    }

    @Override
    ChannelFuture execute() {
        return link.send(answer.apply(link.channel().alloc()));
    }

    @Override
    void abandon(String reason) {
        if (link.channel().isActive()) {
            link.send(answer.apply(link.channel().alloc()));
        }
        super.abandon(reason);
    }

    @Override
    public String toString() {
        return description;
    }
}
