package io.noderpc.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one {@link NodeKey}: connects lazily, holds requests while connecting or at the in-flight
 * bound, enforces their deadlines, and backs off after a failed connection attempt.
 *
 * <pre>
 *  IDLE --request--&gt; CONNECTING --handshake ok--&gt; CONNECTED --link lost--&gt; IDLE
 *                         |                                          (next request reconnects at once)
 *                         +--failed--&gt; BACKOFF --request after the delay--&gt; CONNECTING
 *                                    (requests during the delay fail at once with the last error)
 *  any --close (expiry, nodeDown, client close)--&gt; CLOSED
 * </pre>
 *
 * Requests wait in one FIFO queue (bounded by {@code maxQueued}) whenever they cannot go out at once: while
 * connecting, while {@code maxInFlight} requests await answers, or while the channel is not writable. Requests are
 * sent in submission order, so ordered casts keep their order. The back-off starts at {@code backoffMin} and
 * doubles up to {@code backoffMax}; a successful handshake resets it.
 *
 * <p>{@link #busyCount()} counts requests from submission to their end (answer, failure, timeout, cancel, or the
 * write of a cast); the dispatcher never expires a busy worker. All state but that counter and the published
 * {@link #state()} is confined to the worker's event loop.
 */
final class ClientWorker {

    private static final Logger log = LoggerFactory.getLogger(ClientWorker.class);

    enum State { IDLE, CONNECTING, CONNECTED, BACKOFF, CLOSED }

    /** Told when the worker becomes idle (busy count 0) or its connection state changes; any thread. */
    interface Listener {
        void changed(ClientWorker worker);
    }

    private final NodeKey key;
    private final EventLoop loop;
    private final LinkConnector connector;
    private final WorkerConfig config;
    private final Listener listener;
    private final AtomicInteger busy = new AtomicInteger();
    /** One-way requests (casts, abcasts) submitted and not yet written or failed. */
    private final AtomicInteger oneWay = new AtomicInteger();
    /** Encoded bytes of one-way requests accepted and not yet written to the socket (or ended). */
    private final AtomicLong unsent = new AtomicLong();
    /** Completed once no one-way request is left, after {@link #oneWayFlushed} asked for it. */
    private volatile CompletableFuture<Void> oneWayWaiter;
    private volatile State state = State.IDLE;
    private final ReconnectBackoff backoff;

    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private Link link;
    private RpcException closeCause;

    ClientWorker(NodeKey key, EventLoop loop, LinkConnector connector, WorkerConfig config, Listener listener) {
        this.key = key;
        this.loop = loop;
        this.connector = connector;
        this.config = config;
        this.listener = listener;
        this.backoff = new ReconnectBackoff(config.backoffMin(), config.backoffMax());
    }

    NodeKey key() {
        return key;
    }

    WorkerConfig config() {
        return config;
    }

    EventLoop loop() {
        return loop;
    }

    State state() {
        return state;
    }

    /** The worker's clock: its event loop's ticker (a mock ticker in tests). */
    long nanoTime() {
        return loop.ticker().nanoTime();
    }

    // ------------------------------------------------------------------------------------ busy accounting

    /** Counts one more request if the worker is already busy (then its expiry is already suspended). */
    boolean tryAcquireIfBusy() {
        for (;;) {
            int n = busy.get();
            if (n <= 0) {
                return false;
            }
            if (busy.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Counts one more request; the dispatcher calls it inside the cache's compute, so expiry sees it. */
    void acquire() {
        busy.incrementAndGet();
    }

    /** Uncounts a request that was counted but will not be submitted. */
    void unacquire() {
        if (busy.decrementAndGet() == 0) {
            listener.changed(this);
        }
    }

    /**
     * Whether the worker holds more requests than it may: {@code maxInFlight} awaiting answers plus
     * {@code maxQueued} waiting. Checked on the caller's thread after {@link #acquire}, so that casts beyond the
     * bound fail in the caller instead of being dropped later.
     */
    boolean isOverloaded() {
        return busy.get() > config.maxInFlight() + config.maxQueued();
    }

    /**
     * Counts {@code bytes} of a one-way request as unsent, unless that takes the link past
     * {@code maxUnsentBytes} while it holds some already; on the caller's thread.
     */
    boolean reserveUnsent(long bytes) {
        for (;;) {
            long now = unsent.get();
            if (now > 0 && now + bytes > config.maxUnsentBytes()) {
                return false;
            }
            if (unsent.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Bytes of one-way requests accepted and not yet written. */
    long unsentBytes() {
        return unsent.get();
    }

    boolean isBusy() {
        return busy.get() > 0;
    }

    int busyCount() {
        return busy.get();
    }

    /** How long the current back-off still refuses requests, 0 if none. */
    long backoffRemainingNanos() {
        return state == State.BACKOFF ? Math.max(0, backoff.retryAtNanos() - nanoTime()) : 0;
    }

    boolean isCurrent(Link candidate) {
        return link == candidate;
    }

    // ------------------------------------------------------------------------------------ requests

    /** Takes {@code request}, already counted by {@link #acquire}, to the event loop. */
    void submit(Request request) {
        if (!request.awaitsAnswer()) {
            oneWay.incrementAndGet();
        }
        execute(() -> onSubmit(request), () -> end(request, closedFailure()));
    }

    /** Forgets {@code request} after its future was cancelled; sends CANCEL if it was sent. */
    void cancel(Request request) {
        execute(() -> {
            if (request.state == Request.State.SENT && request.link != null) {
                request.link.abandon(request);
            }
            end(request, null);
            drain();
        }, () -> end(request, null));
    }

    private void onSubmit(Request request) {
        if (request.state != Request.State.NEW) {
            return;
        }
        boolean connect = false;
        switch (state) {
            case CLOSED:
                end(request, closedFailure());
                return;
            case BACKOFF:
                long remaining = backoff.retryAtNanos() - nanoTime();
                if (remaining > 0) {
                    end(request, backoff.refusal(remaining));
                    return;
                }
                connect = true;
                break;
            case IDLE:
                connect = true;
                break;
            default:
                break;
        }
        if (request.awaitsAnswer()) {
            long delay = request.deadlineNanos - nanoTime();
            if (delay <= 0) {
                end(request, timeout(request));
                return;
            }
            request.timer = loop.schedule(() -> onDeadline(request), delay, TimeUnit.NANOSECONDS);
        }
        if (state == State.CONNECTED && queueIsEmpty() && link.canSend(request)) {
            link.send(request);
            link.flushSoon();
            return;
        }
        if (enqueue(request) && connect) {
            connect();
        }
    }

    private boolean queueIsEmpty() {
        Request head;
        while ((head = queue.peekFirst()) != null && head.state == Request.State.FINISHED) {
            queue.pollFirst();
        }
        return head == null;
    }

    /**
     * Queues {@code request}. The caller's thread already refused requests beyond {@code maxInFlight + maxQueued}
     * ({@link #isOverloaded}), and every queued request is counted as busy, so the bound here is a safety net;
     * purging ended entries keeps timed-out requests from taking room.
     */
    private boolean enqueue(Request request) {
        int bound = config.maxInFlight() + config.maxQueued();
        if (queue.size() >= bound) {
            queue.removeIf(r -> r.state == Request.State.FINISHED);
            if (queue.size() >= bound) {
                end(request, new RpcException("too many requests waiting for " + key + ": " + bound
                        + " are queued (" + (state == State.CONNECTED ? "all " + config.maxInFlight()
                        + " in-flight slots are taken or the link is not writable" : "still connecting")
                        + "); slow down, or raise maxQueuedPerLink or maxInFlightPerConnection"));
                return false;
            }
        }
        request.state = Request.State.QUEUED;
        queue.addLast(request);
        return true;
    }

    /** Sends queued requests while the link takes them. */
    void drain() {
        if (state != State.CONNECTED || link == null) {
            return;
        }
        boolean wrote = false;
        Request head;
        while ((head = queue.peekFirst()) != null) {
            if (head.state == Request.State.FINISHED) {
                queue.pollFirst();
                continue;
            }
            if (!link.canSend(head)) {
                break;
            }
            queue.pollFirst();
            link.send(head);
            wrote = true;
        }
        if (wrote) {
            link.flush();
        }
    }

    private void onDeadline(Request request) {
        if (request.state == Request.State.FINISHED) {
            return;
        }
        request.timer = null;
        if (request.state == Request.State.SENT && request.link != null) {
            request.link.abandon(request);
        }
        end(request, timeout(request));
        drain();
    }

    private RpcTimeoutException timeout(Request request) {
        return Errors.timeout(key, request, state == State.CONNECTED
                ? "all " + config.maxInFlight() + " in-flight slots stayed taken" : "still connecting");
    }

    /** Ends {@code request} once: fails it with {@code cause} if given, and uncounts it. */
    void end(Request request, RpcException cause) {
        long unsentBytes = request.takeUnsent(); // a cast ends when written: its bytes free their room
        if (unsentBytes > 0) {
            unsent.addAndGet(-unsentBytes);
        }
        if (!request.finish()) {
            return;
        }
        if (cause != null) {
            request.fail(cause);
        }
        if (!request.awaitsAnswer() && oneWay.decrementAndGet() == 0) {
            CompletableFuture<Void> waiter = oneWayWaiter;
            if (waiter != null) {
                waiter.complete(null);
            }
        }
        if (busy.decrementAndGet() == 0) {
            listener.changed(this);
        }
    }

    /**
     * Completes once every one-way request submitted so far (cast, ordered cast, abcast) has been written to the
     * socket or has failed: what a graceful close waits for, so that a cast accepted before it is not dropped.
     */
    CompletableFuture<Void> oneWayFlushed() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        oneWayWaiter = waiter;
        if (oneWay.get() == 0) {
            waiter.complete(null);
        }
        return waiter;
    }

    private void failQueued(RpcException cause) {
        Request request;
        while ((request = queue.pollFirst()) != null) {
            end(request, cause);
        }
    }

    // ------------------------------------------------------------------------------------ connection

    private void connect() {
        state = State.CONNECTING;
        Link candidate = new Link(this);
        CompletableFuture<Channel> attempt;
        try {
            attempt = connector.connect(key, loop, candidate);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((channel, failure) -> execute(() -> connected(candidate, channel, failure), () -> {
            if (channel != null) {
                discard(candidate, channel);
            }
        }));
    }

    private void connected(Link candidate, Channel channel, Throwable failure) {
        if (state == State.CLOSED) {
            if (channel != null) {
                discard(candidate, channel);
            }
            return;
        }
        if (failure == null && !channel.isActive()) {
            failure = new ConnectFailedException("connection to " + key + " closed right after the handshake");
        }
        if (failure == null && config.attached() && !candidate.runsOn(loop)) {
            failure = new ConnectFailedException("the LinkAttacher did not add the link to " + key + " at the end"
                    + " of the channel's pipeline on the client's event loop; add it with"
                    + " pipeline.addLast(loop, LinkAttacher.stageName(key), link)");
        }
        if (failure != null) {
            if (channel != null && config.attached()) {
                discard(candidate, channel);
            }
            connectFailed(Errors.connectFailure(key, failure));
            return;
        }
        link = candidate;
        state = State.CONNECTED;
        backoff.succeeded();
        log.debug("linked to {} at {}", key, channel.remoteAddress());
        drain();
        listener.changed(this);
    }

    private void connectFailed(RpcException cause) {
        boolean again = backoff.inSeries();
        long delay = backoff.failed(cause, nanoTime());
        state = State.BACKOFF;
        if (again) {
            log.debug("still cannot link to {} (next attempt on demand in {} ms): {}", key,
                    TimeUnit.NANOSECONDS.toMillis(delay), cause.getMessage());
        } else {
            log.info("cannot link to {}: {}", key, cause.getMessage());
        }
        failQueued(cause);
        listener.changed(this);
    }

    /** Drops a link made for nothing: closes its connection, or takes an attached link out of the owner's. */
    private void discard(Link candidate, Channel channel) {
        if (!config.attached()) {
            channel.close();
            return;
        }
        candidate.discardFrom(channel);
    }

    /** The link's channel closed, or an attached link left its pipeline; its awaiting requests have already failed. */
    void linkClosed(Link closed) {
        if (closed != link) {
            return;
        }
        link = null;
        RpcException cause = closed.lossCause();
        boolean wasConnected = state == State.CONNECTED;
        if (wasConnected) {
            state = State.IDLE;
            log.info("link to {} closed: {}", key, cause.getMessage());
        }
        if (wasConnected && !queueIsEmpty()) {
            // Queued requests were never written: nothing of them reached the peer, so they may go
            // on a new link (their deadlines still run). If that connect fails, they fail with it.
            connect();
        } else {
            failQueued(cause);
        }
        listener.changed(this);
    }

    /**
     * Closes the worker for good: its link closes (an attached one leaves the owner's pipeline instead), and every
     * request it holds fails at once with {@code cause}.
     * Idempotent; any thread.
     */
    void close(RpcException cause) {
        Runnable close = () -> {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            closeCause = cause;
            failQueued(cause);
            if (link != null) {
                Link closing = link;
                link = null;
                closing.close(cause);
            }
        };
        execute(close, close);
    }

    private RpcException closedFailure() {
        RpcException cause = closeCause;
        return cause != null ? cause : new ConnectFailedException("the client worker for " + key + " is closed");
    }

    /** Runs {@code task} on the loop (now if already there); {@code ifRejected} if the loop has shut down. */
    private void execute(Runnable task, Runnable ifRejected) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            ifRejected.run();
        }
    }

    @Override
    public String toString() {
        return "ClientWorker(" + key + ", " + state + ", busy=" + busy.get() + ")";
    }
}
