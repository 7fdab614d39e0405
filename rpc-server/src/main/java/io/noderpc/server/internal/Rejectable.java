package io.noderpc.server.internal;

import java.util.concurrent.RejectedExecutionException;

/** A task that must clean up (release its frame and permit) when it will never run. */
public interface Rejectable {

    /** The executor refused the task, or dropped it unrun; called at most once, instead of {@code run}. */
    void rejected(RejectedExecutionException cause);
}
