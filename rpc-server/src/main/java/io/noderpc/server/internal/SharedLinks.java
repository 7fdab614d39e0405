package io.noderpc.server.internal;

import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The acceptors a server runs on links it does not own (shared links), so that a graceful or immediate close can
 * reach them: data links are found through the server's channel group, which a shared channel is not in, as the
 * server must never close it. An acceptor is here from being added to a pipeline until removed from it. Thread-safe.
 */
public final class SharedLinks {

    private final Set<Acceptor> acceptors = ConcurrentHashMap.newKeySet();
    private boolean draining;

    /**
     * Registers {@code acceptor}.
     *
     * @return {@code false} if the server is already closing: the acceptor must refuse work from the start
     */
    synchronized boolean add(Acceptor acceptor) {
        if (draining) {
            return false;
        }
        acceptors.add(acceptor);
        return true;
    }

    void remove(Acceptor acceptor) {
        acceptors.remove(acceptor);
    }

    /** How many shared links are registered now. */
    public int size() {
        return acceptors.size();
    }

    /**
     * Tells every registered acceptor, on its event loop, that the server is closing: each stops admitting work.
     * Acceptors added later are told at once.
     *
     * @return one future per acceptor, done once it stopped admitting
     */
    public List<Future<?>> drain() {
        synchronized (this) {
            draining = true;
        }
        List<Future<?>> done = new ArrayList<>();
        for (Acceptor acceptor : acceptors) {
            Future<?> f = acceptor.drainLater();
            if (f != null) {
                done.add(f);
            }
        }
        return done;
    }
}
