package io.noderpc.server.internal;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Ticker;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission and back-pressure for one link. A request read from the link is admitted here; it starts (goes to a
 * worker) only while the link has fewer than {@code maxInFlightPerConnection} requests in flight and the server
 * grants a permit under its own bound. Otherwise it waits in the backlog and the link stops reading (auto-read
 * off), so the peer's further requests stay in its socket and TCP pushes back. As requests finish, the backlog
 * starts and reading resumes once the backlog is empty and the link is below its bound.
 *
 * <p>The backlog holds only what the decoders had already read when reading stopped (at most one socket read), so
 * in-flight work never exceeds either bound. A request stays in flight until its answer (if any) is written.
 *
 * <p>On a shared link (a channel someone else owns, carrying other traffic too) the gate pauses reading in the same
 * way while a bound holds, but closing it never leaves reading off: the owner's traffic must go on, and requests
 * arriving after the close are refused one by one ({@link WorkerTask#abandon}).
 *
 * <p>Also tracks the link's last activity for the inactivity timeout. All methods run on the link's event loop
 * except {@link #release()} and {@link #touch()}, which workers call.
 */
public final class LinkGate {

    private final Channel channel;
    private final boolean shared;
    private final int max;
    private final InFlightLimiter server;
    private final Ticker ticker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ArrayDeque<WorkerTask> backlog = new ArrayDeque<>();
    private final Runnable update = this::update;
    private final Runnable onPermit = () -> {
        waitingForPermit = false;
        update();
    };
    private final Runnable wake;
    private volatile boolean paused;
    private volatile long lastActivity;
    private boolean waitingForPermit;
    private boolean closed;
    private String closeReason;

    public LinkGate(Channel channel, int maxInFlight, InFlightLimiter server) {
        this(channel, maxInFlight, server, false);
    }

    /** @param shared whether the channel is someone else's, to be read after the gate closes */
    public LinkGate(Channel channel, int maxInFlight, InFlightLimiter server, boolean shared) {
        this.channel = channel;
        this.shared = shared;
        this.max = maxInFlight;
        this.server = server;
        this.ticker = channel.eventLoop().ticker();
        this.wake = () -> onLoop(onPermit);
        this.lastActivity = ticker.nanoTime();
    }

    /** Admits {@code task}: starts it now if the bounds allow, else queues it and stops reading. */
    public void admit(WorkerTask task) {
        touch();
        if (closed) {
            task.abandon(closeReason);
            return;
        }
        backlog.addLast(task);
        update();
    }

    /** Worker side: a started request finished (its answer written). */
    public void release() {
        touch();
        inFlight.decrementAndGet();
        server.release();
        if (paused) {
            onLoop(update);
        }
    }

    /** Runs {@code task} on the link's event loop, unless the loop is gone (the server shut down). */
    private void onLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the link is closed with its loop: there is nothing left to resume
        }
    }

    /** Records activity now (a request arrived or finished). */
    public void touch() {
        lastActivity = ticker.nanoTime();
    }

    /** Starts what the bounds allow from the backlog, then reads or not accordingly. */
    private void update() {
        while (!closed && !backlog.isEmpty()) {
            WorkerTask next = backlog.peekFirst();
            if (next.isCancelled()) {
                backlog.pollFirst();
                next.abandon("cancelled by the caller");
                continue;
            }
            if (inFlight.get() >= max) {
                break;
            }
            if (!server.tryAcquire()) {
                if (!waitingForPermit) {
                    waitingForPermit = true;
                    server.waitForPermit(wake);
                }
                break;
            }
            backlog.pollFirst();
            inFlight.incrementAndGet();
            next.start();
        }
        setReading(closed ? shared : backlog.isEmpty() && inFlight.get() < max);
    }

    private void setReading(boolean read) {
        if (read == !paused) {
            return;
        }
        paused = !read;
        channel.config().setAutoRead(read);
        if (!read && !closed && inFlight.get() < max) {
            // a worker may have released between our check and "paused" becoming visible to it
            onLoop(update);
        }
    }

    /**
     * Stops admitting: reading stops for good, the backlog is abandoned with {@code reason} (calls answered with
     * an error if the link is still open, the rest dropped), and later admissions too. Requests in flight go on.
     * On a shared link reading goes on (resumes, if a bound had paused it) instead of stopping.
     */
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        closeReason = reason;
        setReading(shared);
        for (WorkerTask task; (task = backlog.pollFirst()) != null; ) {
            task.abandon(reason);
        }
    }

    /** Whether it stopped admitting. */
    public boolean isClosed() {
        return closed;
    }

    /** Requests started and not finished on this link. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests read and waiting to start. */
    public int backlog() {
        return backlog.size();
    }

    /** Whether the link has work in flight or waiting, i.e. is not idle. */
    public boolean busy() {
        return inFlight.get() > 0 || !backlog.isEmpty();
    }

    /** Whether reading is stopped by a bound (or by close). */
    public boolean paused() {
        return paused;
    }

    /** {@link Ticker#nanoTime()} of the last request arriving or finishing. */
    public long lastActivity() {
        return lastActivity;
    }

    /** The bound on requests in flight on this link. */
    public int max() {
        return max;
    }
}
