package io.noderpc.server.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on the worker executor: each task is a worker task of its own,
 * submitted when the previous one finished, so a lane never holds a worker while it waits and never blocks the
 * pool. One per link for ordered casts, one for mailbox deliveries. The queue is bounded by the link's in-flight
 * bound. Thread-safe.
 */
public final class SerialExecutor implements Executor {

    private final Executor workers;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Step step = new Step();

    public SerialExecutor(Executor workers) {
        this.workers = workers;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        schedule();
    }

    /** Tasks waiting, not counting one running. */
    public int queued() {
        return queue.size();
    }

    private void schedule() {
        if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            workers.execute(step);
        } catch (RejectedExecutionException e) {
            step.rejected(e);
        }
    }

    /** Runs the next task; if the workers drop it unrun, rejects everything queued. */
    private final class Step implements Runnable, Rejectable {
        @Override
        public void run() {
            try {
                Runnable next = queue.poll();
                if (next != null) {
                    next.run();
                }
            } finally {
                scheduled.set(false);
                schedule();
            }
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            for (Runnable task; (task = queue.poll()) != null; ) {
                if (task instanceof Rejectable) {
                    ((Rejectable) task).rejected(cause);
                }
            }
            scheduled.set(false);
        }
    }
}
