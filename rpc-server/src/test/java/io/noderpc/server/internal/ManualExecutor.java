package io.noderpc.server.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Worker executor of unit tests: tasks wait until the test runs them, on the test thread. */
final class ManualExecutor implements Executor {

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    boolean reject;

    @Override
    public void execute(Runnable task) {
        if (reject) {
            throw new RejectedExecutionException("test executor refuses");
        }
        tasks.addLast(task);
    }

    /** Runs the oldest task; false if none. */
    boolean runOne() {
        Runnable task = tasks.pollFirst();
        if (task == null) {
            return false;
        }
        task.run();
        return true;
    }

    /** Runs tasks, including those they submit, until none is left; returns how many ran. */
    int runAll() {
        int ran = 0;
        while (runOne()) {
            ran++;
        }
        return ran;
    }

    int size() {
        return tasks.size();
    }
}
