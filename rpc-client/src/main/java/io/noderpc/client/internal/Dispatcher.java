package io.noderpc.client.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client workers, one per {@link NodeKey}, in a Caffeine cache: created on first use, closed when removed.
 *
 * <p>Expiry is variable, so that a worker never expires while busy:
 * <ul>
 *   <li>busy (requests in flight or queued): never;</li>
 *   <li>idle and linked: after the client inactivity timeout, from its last use ({@code 0} = never);</li>
 *   <li>idle and unlinked (link lost, or back-off after failures): after the inactivity timeout too, or
 *       {@link #UNLINKED_RETENTION} when that is "never" (so that workers of dead nodes do not pile up); in
 *       both cases not before its back-off ends, so that callers keep failing fast meanwhile.</li>
 * </ul>
 * Caffeine computes the expiry when an entry is read or written. A worker's busy count goes from 0 to 1 inside
 * {@code compute} (so the entry is never evicted between being found and being used), and back to 0 on the event
 * loop, which then recomputes the expiry ({@link #refresh}). Calls to an already busy worker take a lock-free
 * path. Removal (expiry, {@link #nodeDown}, {@link #close}) closes the worker, failing what it still holds.
 *
 * <p>Expired workers are removed by the cache's scheduler promptly (within about a second: Caffeine's timer wheel)
 * and hidden from lookups at once.
 */
final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** How long an unlinked, idle worker is kept when the inactivity timeout is "never". */
    static final Duration UNLINKED_RETENTION = Duration.ofSeconds(30);

    private final Cache<NodeKey, ClientWorker> workers;
    private final Function<NodeKey, ClientWorker> factory;
    private final long inactivityNanos;
    private volatile boolean closed;

    /**
     * @param factory makes the worker of a key; called inside the cache's compute, so it must be quick and not
     *                touch the dispatcher
     * @param inactivity the client inactivity timeout, {@link Duration#ZERO} for never
     * @param ticker the cache's clock
     * @param scheduler wakes the cache up to remove expired workers; {@link Scheduler#disabledScheduler()} in tests
     * @param executor runs removal notifications (closing workers)
     */
    Dispatcher(Function<NodeKey, ClientWorker> factory, Duration inactivity, Ticker ticker, Scheduler scheduler,
               Executor executor) {
        this.factory = factory;
        this.inactivityNanos = inactivity.toNanos();
        this.workers = Caffeine.newBuilder()
                .expireAfter(new WorkerExpiry())
                .ticker(ticker)
                .scheduler(scheduler)
                .executor(executor)
                .removalListener(this::removed)
                .build();
    }

    /**
     * The worker of {@code key}, made if missing or closed, with one more request counted. The caller must submit
     * exactly one request to it, which the worker uncounts when it ends.
     *
     * @throws RpcException if the dispatcher is closed
     */
    ClientWorker acquire(NodeKey key) {
        if (closed) {
            throw new RpcException("the RpcClient is closed");
        }
        ClientWorker worker = workers.getIfPresent(key);
        if (worker != null && worker.state() != ClientWorker.State.CLOSED && worker.tryAcquireIfBusy()) {
            return worker;
        }
        return workers.asMap().compute(key, (k, current) -> {
            ClientWorker w = current == null || current.state() == ClientWorker.State.CLOSED
                    ? factory.apply(k) : current;
            w.acquire();
            return w;
        });
    }

    /** Recomputes the expiry of {@code worker}'s entry after it became idle or changed its link state. */
    void refresh(ClientWorker worker) {
        workers.asMap().computeIfPresent(worker.key(), (k, current) -> current);
    }

    /**
     * Fails every request to {@code node}, on every key, with {@link NodeDownException} at once, and closes its
     * links. The next request makes a new worker and connects again.
     */
    void nodeDown(NodeName node, String reason) {
        NodeDownException cause = new NodeDownException("node " + node + " is down" + (reason == null ? ""
                : ": " + reason));
        for (NodeKey key : List.copyOf(workers.asMap().keySet())) {
            if (key.node().equals(node)) {
                ClientWorker worker = workers.asMap().remove(key);
                if (worker != null) {
                    worker.close(new NodeDownException(cause.getMessage()));
                }
            }
        }
    }

    /** The keys that have a worker (linked or not). */
    Set<NodeKey> keys() {
        return Set.copyOf(workers.asMap().keySet());
    }

    /** The workers, for inspection. */
    List<ClientWorker> workers() {
        return new ArrayList<>(workers.asMap().values());
    }

    /** The worker of {@code key} if there is one, without touching its expiry. */
    ClientWorker peek(NodeKey key) {
        return workers.policy().getIfPresentQuietly(key);
    }

    /** Runs pending expiry and removal work now (tests). */
    void cleanUp() {
        workers.cleanUp();
    }

    /** Closes every worker: what they hold fails with {@code cause}. Later acquisitions fail. */
    void close(RpcException cause) {
        closed = true;
        for (NodeKey key : List.copyOf(workers.asMap().keySet())) {
            ClientWorker worker = workers.asMap().remove(key);
            if (worker != null) {
                worker.close(cause);
            }
        }
    }

    @Override
    public void close() {
        close(new RpcException("the RpcClient is closed"));
    }

    /**
     * Closes gracefully: refuses new requests at once, waits up to {@code flushTimeout} for the one-way requests
     * already accepted (casts, abcasts) to be written, then closes every worker as {@link #close()} does. Does not
     * wait when called on a worker's event loop, which must be free to do the writing.
     */
    void closeGracefully(Duration flushTimeout) {
        closed = true;
        List<CompletableFuture<Void>> flushed = new ArrayList<>();
        boolean onLoop = false;
        for (ClientWorker worker : workers.asMap().values()) {
            onLoop |= worker.loop().inEventLoop();
            flushed.add(worker.oneWayFlushed());
        }
        if (!onLoop && !flushed.isEmpty()) {
            try {
                CompletableFuture.allOf(flushed.toArray(CompletableFuture[]::new))
                        .get(flushTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.warn("closing with casts still unwritten after {} ms; they are dropped", flushTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // cannot happen: the futures only complete normally
            }
        }
        close();
    }

    private void removed(NodeKey key, ClientWorker worker, RemovalCause cause) {
        if (worker == null) {
            return;
        }
        if (cause == RemovalCause.EXPIRED) {
            log.debug("closing the idle link to {}", key);
            worker.close(new ConnectFailedException("the link to " + key + " was closed after "
                    + Duration.ofNanos(inactivityNanos).toMillis() + " ms of inactivity"));
        } else if (cause != RemovalCause.EXPLICIT) {
            worker.close(new ConnectFailedException("the link to " + key + " was replaced"));
        }
        // EXPLICIT removals (nodeDown, close) closed the worker with their own cause already
    }

    /** Expiry by the worker's state, re-evaluated on every read and write of its entry. */
    private final class WorkerExpiry implements Expiry<NodeKey, ClientWorker> {

        private long expiry(ClientWorker worker) {
            if (worker.isBusy()) {
                return Long.MAX_VALUE;
            }
            switch (worker.state()) {
                case CLOSED:
                    return 0;
                case CONNECTED:
                case CONNECTING:
                    return inactivityNanos == 0 ? Long.MAX_VALUE : inactivityNanos;
                default:
                    long retention = inactivityNanos == 0 ? UNLINKED_RETENTION.toNanos() : inactivityNanos;
                    return Math.max(retention, worker.backoffRemainingNanos());
            }
        }

        @Override
        public long expireAfterCreate(NodeKey key, ClientWorker worker, long currentTime) {
            return expiry(worker);
        }

        @Override
        public long expireAfterUpdate(NodeKey key, ClientWorker worker, long currentTime, long currentDuration) {
            return expiry(worker);
        }

        @Override
        public long expireAfterRead(NodeKey key, ClientWorker worker, long currentTime, long currentDuration) {
            return expiry(worker);
        }
    }
}
