package io.noderpc.server.internal;

import io.netty.channel.ChannelFuture;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.server.RpcFunction;
import java.util.concurrent.Executor;

/**
 * A CAST (on any worker, in no particular order; on the event loop for a non-blocking service) or an ORDERED_CAST
 * (on the link's ordered lane: one at a time, in arrival order). Runs like a call but answers nothing: every failure is logged.
 */
final class CastTask extends WorkerTask {

    private final long id;
    private final boolean ordered;
    private final Route route;

    CastTask(Link link, Frame frame, Route route) {
        super(link, frame);
        this.id = frame.id();
        this.ordered = frame.type() == FrameType.ORDERED_CAST;
        this.route = route;
    }

    /** An unordered cast to a non-blocking service runs on the event loop; ordered casts keep their lane. */
    @Override
    boolean inline() {
        return !ordered && route.service().nonBlocking();
    }

    @Override
    Executor executor() {
        return ordered ? link.orderedLane() : link.server().workers();
    }

    @Override
    ChannelFuture execute() {
        Object[] args;
        try {
            args = decodeArguments();
        } catch (RuntimeException e) {
            log.warn("{} from {} dropped: cannot decode its arguments: {}", this, link, e.getMessage());
            return null;
        }
        RpcFunction function = route.service().function(route.function(), args.length).orElse(null);
        if (function == null) {
            log.warn("{} from {} dropped: {} is exported with {} argument(s), not {}", this, link, route.target(),
                    route.service().arities(route.function()), args.length);
            return null;
        }
        try {
            function.apply(args);
        } catch (ArgumentMismatchException e) {
            log.warn("{} from {} dropped: {}", this, link, e.getMessage());
        } catch (Throwable t) {
            log.warn("{} from {} threw {}", this, link, t.toString(), t);
        }
        return null;
    }

    @Override
    public String toString() {
        return (ordered ? "ordered cast " : "cast ") + id + " " + route.target();
    }
}
