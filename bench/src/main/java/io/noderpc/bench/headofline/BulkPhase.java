package io.noderpc.bench.headofline;

import io.noderpc.bench.Latencies;
import io.noderpc.client.Rpc;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.node.Node;
import io.noderpc.server.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One phase of the headofline scenario: {@code senders} threads of node A send bulk messages to B back
 * to back while the calling thread makes small calls A → B at a steady pace and a sampler reads the
 * silence of the distribution channel both ways. Small calls and sampling go on until the last bulk
 * message started in the phase has completed, so everything measured happened under bulk load.
 */
final class BulkPhase {

    static final String SERVICE = "hol";
    static final int SMALL_PAYLOAD_BYTES = 32;
    static final Duration SMALL_CALL_TIMEOUT = Duration.ofSeconds(30);
    /** A sender gives up after this many failed messages in a row; the phase then fails. */
    static final int MAX_CONSECUTIVE_BULK_ERRORS = 20;
    private static final int LATENCY_CAPACITY = 200_000;

    /** What one phase measured. */
    record Result(long bulkBytes, long bulkMessages, long bulkErrors, double seconds, double[] smallCallMicros,
                  long smallCallErrors, long maxSilenceNanos, Exception firstError) {

        double bulkMibPerSecond() {
            return bulkBytes / seconds / (1 << 20);
        }
    }

    private BulkPhase() {
    }

    /** Node B's service: {@code hol:sink/1} answers the length of its {@code byte[]}, {@code hol:echo/1} its argument. */
    static Service service() {
        return Service.builder(SERVICE)
                .function("sink", 1, args -> ((byte[]) args[0]).length)
                .function("echo", 1, args -> args[0])
                .build();
    }

    /**
     * A phase towards node {@code bName}; {@code b} is that node when it runs in this JVM (its silence is then
     * read too), {@code null} when it runs elsewhere.
     */
    static Result run(Node a, NodeName bName, Node b, Setup setup, HeadOfLinePlan plan, byte[] payload,
                      Duration length) throws InterruptedException {
        Rpc bulkRpc = setup.bulkRpc(a).withTimeout(HeadOfLinePlan.BULK_CALL_TIMEOUT);
        Rpc smallRpc = setup.smallRpc(a).withTimeout(SMALL_CALL_TIMEOUT);
        NodeKey bulkLink = setup.bulkLink(bName);
        NodeKey smallLink = setup.smallLink(bName);
        String aPeer = a.name().toString();
        String bPeer = bName.toString();

        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong bytes = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        AtomicLong bulkErrors = new AtomicLong();
        AtomicLong maxSilence = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();

        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < plan.senders(); i++) {
            senders.add(daemon("hol-bulk-" + i, () -> {
                int consecutive = 0;
                while (sending.get() && consecutive < MAX_CONSECUTIVE_BULK_ERRORS) {
                    try {
                        int received = bulkRpc.call(bulkLink, SERVICE, "sink", (Object) payload);
                        if (received != payload.length) {
                            throw new IllegalStateException("the sink got " + received + " of " + payload.length
                                    + " bytes");
                        }
                        bytes.addAndGet(payload.length);
                        messages.incrementAndGet();
                        consecutive = 0;
                    } catch (RuntimeException e) {
                        bulkErrors.incrementAndGet();
                        firstError.compareAndSet(null, e);
                        consecutive++;
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                }
            }));
        }
        Thread sampler = daemon("hol-silence", () -> {
            long every = plan.silenceSampling().toNanos();
            while (sampling.get()) {
                long s = b == null ? silence(a, bPeer) : Math.max(silence(a, bPeer), silence(b, aPeer));
                maxSilence.accumulateAndGet(s, Math::max);
                LockSupport.parkNanos(every);
            }
        });

        Latencies latencies = new Latencies(1, LATENCY_CAPACITY);
        byte[] small = new byte[SMALL_PAYLOAD_BYTES];
        long smallErrors = 0;
        long interval = plan.smallCallInterval().toNanos();
        long start = System.nanoTime();
        sampler.start();
        senders.forEach(Thread::start);
        long stopSendingAt = start + length.toNanos();
        long giveUpAt = stopSendingAt + HeadOfLinePlan.BULK_CALL_TIMEOUT.toNanos() + SMALL_CALL_TIMEOUT.toNanos();
        try {
            while (senders.stream().anyMatch(Thread::isAlive) && System.nanoTime() - giveUpAt < 0) {
                long t0 = System.nanoTime();
                if (t0 - stopSendingAt >= 0) {
                    sending.set(false);
                }
                try {
                    byte[] echo = smallRpc.call(smallLink, SERVICE, "echo", (Object) small);
                    if (echo.length != small.length) {
                        throw new IllegalStateException("echo of " + small.length + " bytes came back with "
                                + echo.length);
                    }
                    latencies.record(0, System.nanoTime() - t0);
                } catch (RuntimeException e) {
                    smallErrors++;
                    firstError.compareAndSet(null, e);
                }
                long next = t0 + interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } finally {
            sending.set(false);
            for (Thread t : senders) {
                t.join(HeadOfLinePlan.BULK_CALL_TIMEOUT.toMillis());
            }
            sampling.set(false);
            sampler.join(10_000);
        }
        if (senders.stream().anyMatch(Thread::isAlive)) {
            throw new IllegalStateException(setup.competitor() + ": a bulk sender did not stop within "
                    + HeadOfLinePlan.BULK_CALL_TIMEOUT + " after the end of the phase");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(bytes.get(), messages.get(), bulkErrors.get(), seconds, latencies.sortedMicros(), smallErrors,
                maxSilence.get(), firstError.get());
    }

    /** How long ago anything arrived at {@code node} from {@code peer} on the distribution channel; 0 if unconnected. */
    private static long silence(Node node, String peer) {
        return node.silence(peer).map(Duration::toNanos).orElse(0L);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
