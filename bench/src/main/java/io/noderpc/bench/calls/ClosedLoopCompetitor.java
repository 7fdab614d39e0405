package io.noderpc.bench.calls;

import io.noderpc.bench.ClosedLoop;
import io.noderpc.bench.Latencies;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes a {@link CallCompetitor} self-timed: its calls run in a {@link ClosedLoop}, one thread per
 * caller, each call timed from just before the send to the reply in hand ({@link Latencies}).
 * Casts run the same way, a refused send waiting {@link #REFUSED_PAUSE} and trying again; the load
 * then waits until the receiver has handled every message sent.
 */
final class ClosedLoopCompetitor implements SelfTimedCompetitor {

    /** How long a sender waits after its transport refused a message (back-pressure). */
    static final Duration REFUSED_PAUSE = Duration.ofNanos(50_000);
    /** A sender refused for this long in a row fails: the transport is stuck, not busy. */
    static final Duration REFUSED_LIMIT = Duration.ofSeconds(10);
    /** How long the receiver may take, after the last send, to handle what was sent. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    private static final long DRAIN_POLL_NANOS = 100_000;

    private final CallCompetitor competitor;
    private final int maxCallers;
    private final int maxSenders;
    private CallCompetitor.Caller[] callers;
    private CallCompetitor.OneWay oneWay;
    private CallCompetitor.Sender[] senders;

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
            if (reply.length != payload) {
                throw new IllegalStateException("echo of " + payload + " bytes came back with " + reply.length);
            }
            latencies.record(client, took);
        });
        if (r.ops() == 0) {
            throw failure("no call completed", r);
        }
        double[] sorted = latencies.sortedMicros();
        return new LoadFigures(r.ops(), r.errors(), r.elapsedNanos() / 1e9,
                Latencies.quantile(sorted, 0.50), Latencies.quantile(sorted, 0.99));
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

    private static Exception failure(String what, ClosedLoop.Result r) {
        IllegalStateException e = new IllegalStateException(what + " (" + r.errors() + " failed)");
        if (r.firstError() != null) {
            e.initCause(r.firstError());
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
