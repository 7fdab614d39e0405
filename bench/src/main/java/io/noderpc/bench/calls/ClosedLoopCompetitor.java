package io.noderpc.bench.calls;

import io.noderpc.bench.ClosedLoop;
import io.noderpc.bench.Latencies;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Makes a {@link CallCompetitor} self-timed: its calls run in a {@link ClosedLoop}, one thread per
 * caller, each call timed from just before the send to the reply in hand ({@link Latencies}).
 * Casts run the same way, a refused send waiting {@link #REFUSED_PAUSE} and trying again; the load
 * then waits until the receiver has handled every message sent. Pipelined calls come from one
 * thread that keeps a number of async calls in flight ({@link #pipelined}).
 */
final class ClosedLoopCompetitor implements SelfTimedCompetitor {

    /** How long a sender waits after its transport refused a message (back-pressure). */
    static final Duration REFUSED_PAUSE = Duration.ofNanos(50_000);
    /** A sender refused for this long in a row fails: the transport is stuck, not busy. */
    static final Duration REFUSED_LIMIT = Duration.ofSeconds(10);
    /** How long the receiver may take, after the last send, to handle what was sent. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    private static final long DRAIN_POLL_NANOS = 100_000;
    /** A pipelined load stops sending after this many failed calls: the transport is broken, not busy. */
    static final int MAX_PIPELINED_FAILURES = 1000;

    private final CallCompetitor competitor;
    private final int maxCallers;
    private final int maxSenders;
    private CallCompetitor.Caller[] callers;
    private CallCompetitor.OneWay oneWay;
    private CallCompetitor.Sender[] senders;
    private CallCompetitor.AsyncCaller asyncCaller;

    ClosedLoopCompetitor(CallCompetitor competitor, int maxCallers, int maxSenders) {
        this.competitor = competitor;
        this.maxCallers = maxCallers;
        this.maxSenders = maxSenders;
    }

    @Override
    public String name() {
        return competitor.name();
    }

    @Override
    public String description() {
        return competitor.description();
    }

    @Override
    public void start() throws Exception {
        competitor.start();
        callers = new CallCompetitor.Caller[maxCallers];
        for (int i = 0; i < maxCallers; i++) {
            callers[i] = competitor.caller(i);
        }
        asyncCaller = competitor.asyncCaller();
        oneWay = competitor.oneWay();
        if (oneWay != null) {
            senders = new CallCompetitor.Sender[maxSenders];
            for (int i = 0; i < maxSenders; i++) {
                senders[i] = oneWay.sender(i);
            }
        }
    }

    @Override
    public LoadFigures calls(int payload, int clients, Duration duration) throws Exception {
        byte[] request = filled(payload);
        Latencies latencies = Latencies.sharing(clients);
        ClosedLoop.Result r = ClosedLoop.run(name(), clients, duration, (client, seq) -> {
            long start = System.nanoTime();
            byte[] reply = callers[client].call(request);
            long took = System.nanoTime() - start;
            String wrong = notAnEcho(payload, reply);
            if (wrong != null) {
                throw new IllegalStateException(wrong);
            }
            latencies.record(client, took);
        });
        if (r.ops() == 0) {
            throw failure("no call completed", r);
        }
        return callFigures(r.ops(), r.errors(), r.elapsedNanos(), latencies);
    }

    /** Why {@code reply} is not the echo of a {@code payload}-byte request, or {@code null} if it is. */
    private static String notAnEcho(int payload, byte[] reply) {
        if (reply != null && reply.length == payload) {
            return null;
        }
        return "echo of " + payload + " bytes came back with " + (reply == null ? "nothing" : reply.length + " bytes");
    }

    private static LoadFigures callFigures(long ops, long errors, long elapsedNanos, Latencies latencies) {
        double[] sorted = latencies.sortedMicros();
        return new LoadFigures(ops, errors, elapsedNanos / 1e9, Latencies.quantile(sorted, 0.50),
                Latencies.quantile(sorted, 0.99));
    }

    @Override
    public boolean hasPipelined() {
        return asyncCaller != null;
    }

    /**
     * The submitting thread takes one of {@code outstanding} permits per call and the reply's callback
     * gives it back, so a new call goes out as soon as one returns. A call counts from just before its
     * send; the load's time ends when the last call in flight at the deadline has returned.
     */
    @Override
    public LoadFigures pipelined(int payload, int outstanding, Duration duration) throws Exception {
        if (asyncCaller == null) {
            throw new UnsupportedOperationException(name() + " has no asynchronous call");
        }
        byte[] request = filled(payload);
        Semaphore inFlight = new Semaphore(outstanding);
        Latencies latencies = new Latencies(1, Latencies.SHARED_CAPACITY);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        while (System.nanoTime() - deadline < 0 && failed.get() < MAX_PIPELINED_FAILURES) {
            if (!inFlight.tryAcquire(REFUSED_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("none of " + outstanding + " calls in flight returned within "
                        + REFUSED_LIMIT);
            }
            long sent = System.nanoTime();
            AtomicBoolean settled = new AtomicBoolean();
            BiConsumer<byte[], Throwable> done = (reply, error) -> {
                if (!settled.compareAndSet(false, true)) {
                    return; // a transport that both threw and called back: the call counts once
                }
                long took = System.nanoTime() - sent;
                String wrong = error == null ? notAnEcho(payload, reply) : null;
                if (error == null && wrong == null) {
                    synchronized (latencies) {
                        latencies.record(0, took);
                    }
                } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, error != null ? error : new IllegalStateException(wrong));
                }
                inFlight.release();
            };
            try {
                asyncCaller.call(request, done);
            } catch (Exception e) {
                done.accept(null, e);
            }
        }
        if (!inFlight.tryAcquire(outstanding, DRAIN_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("calls still in flight " + DRAIN_LIMIT + " after the deadline");
        }
        long elapsed = System.nanoTime() - start;
        synchronized (latencies) { // every callback has run (the permits say so); this makes its records visible
            if (latencies.recorded() == 0) {
                throw failure("no call completed", failed.get(), firstError.get());
            }
            return callFigures(latencies.recorded(), failed.get(), elapsed, latencies);
        }
    }

    @Override
    public boolean hasCasts() {
        return oneWay != null;
    }

    @Override
    public LoadFigures casts(int payload, int clients, Duration duration) throws Exception {
        if (oneWay == null) {
            throw new UnsupportedOperationException(name() + " has no one-way send");
        }
        byte[] message = filled(payload);
        long before = oneWay.delivered();
        ClosedLoop.Result r = ClosedLoop.run(name() + "-cast", clients, duration, (client, seq) -> {
            long giveUp = System.nanoTime() + REFUSED_LIMIT.toNanos();
            while (!senders[client].send(message)) {
                if (System.nanoTime() - giveUp > 0) {
                    throw new IllegalStateException("every send was refused for " + REFUSED_LIMIT);
                }
                LockSupport.parkNanos(REFUSED_PAUSE.toNanos());
            }
        });
        long stopped = System.nanoTime();
        long drainBy = stopped + DRAIN_LIMIT.toNanos();
        long delivered;
        while ((delivered = oneWay.delivered() - before) < r.ops() && System.nanoTime() - drainBy < 0) {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
        long drained = System.nanoTime() - stopped;
        if (delivered == 0) {
            throw failure("no one-way message was handled", r);
        }
        return LoadFigures.oneWay(delivered, Math.max(0, r.ops() - delivered) + r.errors(),
                (r.elapsedNanos() + drained) / 1e9);
    }

    private static IllegalStateException failure(String what, ClosedLoop.Result r) {
        return failure(what, r.errors(), r.firstError());
    }

    private static IllegalStateException failure(String what, long errors, Throwable firstError) {
        IllegalStateException e = new IllegalStateException(what + " (" + errors + " failed)");
        if (firstError != null) {
            e.initCause(firstError);
        }
        return e;
    }

    static byte[] filled(int payload) {
        byte[] b = new byte[payload];
        Arrays.fill(b, (byte) 7);
        return b;
    }

    @Override
    public void close() {
        competitor.close();
    }
}
