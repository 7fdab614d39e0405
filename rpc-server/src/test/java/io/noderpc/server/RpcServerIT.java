package io.noderpc.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.testkit.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Calls, casts and mailboxes round trip over real loopback sockets. */
class RpcServerIT extends ServerFixture {

    public interface Calculator {
        int add(int a, int b);

        String fail(String message);
    }

    static final class CalculatorImpl implements Calculator {
        @Override
        public int add(int a, int b) {
            return a + b;
        }

        @Override
        public String fail(String message) {
            throw new UnsupportedOperationException(message);
        }
    }

    @Test
    void callsCastsAndMailboxesRoundTrip() throws Exception {
        int port = FreePorts.next();
        RpcServer server = start(server().port(port));
        assertEquals(port, server.port());
        server.services().register("calc", Calculator.class, new CalculatorImpl());
        AtomicInteger casts = new AtomicInteger();
        server.services().register(Service.builder("counter").version("1")
                .function("bump", 1, args -> casts.addAndGet((Integer) args[0])).build());
        List<Object> inbox = new CopyOnWriteArrayList<>();
        server.mailboxes().register("inbox", inbox::add);

        RawLinkClient client = client(server);
        client.call(1, "calc", "add", 2, 3);
        assertEquals(5, client.reply(1));
        client.call(2, "counter@1", "bump", 10);
        assertEquals(10, client.reply(2));
        client.cast(3, "counter", "bump", 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> casts.get() == 15);

        client.call(4, "calc", "fail", "no such luck");
        RemoteError error = client.error(4);
        assertEquals(ErrorKind.REMOTE, error.kind());
        assertEquals(UnsupportedOperationException.class.getName(), error.className());
        assertEquals("no such luck", error.message());
        client.call(5, "calc", "mul", 2, 3);
        assertEquals(ErrorKind.NO_SUCH_FUNCTION, client.error(5).kind());

        client.send(Frame.abcast(6, "inbox", client.codec.encode("hello", ByteBufAllocator.DEFAULT)));
        client.send(Frame.sbcast(7, "inbox", client.codec.encode("world", ByteBufAllocator.DEFAULT)));
        Frame sbcast = client.next();
        assertEquals(FrameType.SBCAST_REPLY, sbcast.type());
        assertTrue(sbcast.delivered());
        sbcast.release();
        assertEquals(List.of("hello", "world"), inbox);

        client.send(Frame.ping(8));
        Frame pong = client.next();
        assertEquals(FrameType.PONG, pong.type());
        assertEquals(8, pong.id());
        pong.release();
    }

    @Test
    void concurrentCallsOnOneLinkAreAnsweredEachWithItsOwnResult() throws Exception {
        RpcServer server = start(server());
        CountDownLatch earlyAnswered = new CountDownLatch(1);
        server.services().register(Service.builder("slow").function("echo", 2, args -> {
            if ((Boolean) args[1]) {
                assertTrue(earlyAnswered.await(30, TimeUnit.SECONDS), "the early call's answer never came");
            }
            return args[0];
        }).build());
        RawLinkClient client = client(server);
        client.call(1, "slow", "echo", "late", true); // runs until the early call has been answered
        client.call(2, "slow", "echo", "early", false);
        Frame first = client.next();
        assertEquals(2, first.id(), "a fast call overtakes a slow one on the same link");
        first.release();
        earlyAnswered.countDown();
        assertEquals("late", client.reply(1));
    }

    @Test
    void aNonBlockingServiceRunsOnTheEventLoopThatReadItsCallsAndOthersOnWorkers() throws Exception {
        RpcServer server = start(server());
        List<String> castThreads = new CopyOnWriteArrayList<>();
        server.services().register(Service.builder("quick").nonBlocking()
                .function("where", 0, a -> Thread.currentThread().getName())
                .function("boom", 0, a -> {
                    throw new IllegalStateException("boom on the loop");
                })
                .function("note", 0, a -> castThreads.add(Thread.currentThread().getName()))
                .function("interruptSelf", 0, a -> {
                    Thread.currentThread().interrupt(); // as a function restoring an InterruptedException would
                    return null;
                })
                .function("interrupted", 0, a -> Thread.currentThread().isInterrupted())
                .build());
        server.services().register(Service.builder("usual").function("where", 0,
                a -> Thread.currentThread().getName()).build());
        RawLinkClient client = client(server);

        client.call(1, "quick", "where");
        String loop = (String) client.reply(1);
        assertTrue(loop.startsWith("noderpc-server-"), "ran on " + loop);
        client.call(2, "usual", "where");
        String worker = (String) client.reply(2);
        assertTrue(worker.startsWith("noderpc-worker-"), "ran on " + worker);
        client.call(3, "quick", "where");
        assertEquals(loop, client.reply(3), "the loop of this link, every time");

        client.call(4, "quick", "boom");
        RemoteError error = client.error(4);
        assertEquals(ErrorKind.REMOTE, error.kind());
        assertEquals("boom on the loop", error.message());

        client.cast(5, "quick", "note");
        client.send(client.orderedCastFrame(6, "quick", "note"));
        await().atMost(Duration.ofSeconds(10)).until(() -> castThreads.size() == 2);
        assertTrue(castThreads.contains(loop), "the cast ran on the loop: " + castThreads);
        assertTrue(castThreads.stream().anyMatch(t -> t.startsWith("noderpc-worker-")),
                "the ordered cast kept its lane on a worker: " + castThreads);
        client.call(7, "quick", "where");
        assertEquals(loop, client.reply(7), "the loop goes on serving");
        client.cast(8, "quick", "interruptSelf");
        client.call(9, "quick", "interrupted");
        assertEquals(false, client.reply(9), "a function's interrupt does not outlive it on the loop");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.inFlight() == 0);
    }

    @Test
    void tenThousandCastsAreAllDelivered() throws Exception {
        RpcServer server = start(server());
        AtomicInteger runs = new AtomicInteger();
        server.services().register(Service.builder("c").function("inc", 1, a -> runs.incrementAndGet()).build());
        RawLinkClient client = client(server);
        for (int i = 0; i < 10_000; i++) {
            client.write(Frame.cast(i, "c", "inc", client.codec.encode(new Object[] {i}, ByteBufAllocator.DEFAULT)));
            if (i % 256 == 0) {
                client.flush();
            }
        }
        client.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() == 10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.inFlight() == 0);
    }

    @Test
    void tenThousandOrderedCastsRunInOrderOneAtATime() throws Exception {
        RpcServer server = start(server());
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        server.services().register(Service.builder("log").function("append", 1, a -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.add((Integer) a[0]);
            running.decrementAndGet();
            return null;
        }).build());
        RawLinkClient client = client(server);
        for (int i = 0; i < 10_000; i++) {
            client.write(client.orderedCastFrame(i, "log", "append", i));
            if (i % 256 == 0) {
                client.flush();
            }
        }
        client.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 10_000);
        assertEquals(IntStream.range(0, 10_000).boxed().collect(Collectors.toList()), seen);
        assertEquals(0, overlaps.get());
    }

    @Test
    void keyedLinksAreSeparateConnectionsToTheSameServer() throws Exception {
        RpcServer server = start(server());
        server.services().register("calc", Calculator.class, new CalculatorImpl());
        RawLinkClient plain = client(server);
        RawLinkClient keyed = connect(server, COOKIE, NodeKey.of(SERVER, "shard-7")).authenticated();
        plain.call(1, "calc", "add", 1, 1);
        keyed.call(1, "calc", "add", 2, 2);
        assertEquals(2, plain.reply(1));
        assertEquals(4, keyed.reply(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connections() == 2);
    }

    @Test
    void largeArgumentsAndResultsTravelInChunks() throws Exception {
        RpcServer server = start(server());
        server.services().register(Service.builder("blob").function("reverse", 1, a -> {
            byte[] in = (byte[]) a[0];
            byte[] out = new byte[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = in[in.length - 1 - i];
            }
            return out;
        }).build());
        RawLinkClient client = client(server);
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        client.call(1, "blob", "reverse", (Object) big);
        byte[] back = (byte[]) client.reply(1);
        assertEquals(big.length, back.length);
        assertEquals(big[0], back[back.length - 1]);
        assertEquals(big[12345], back[back.length - 1 - 12345]);
    }

    @Test
    void aTakenPortIsAClearErrorAndTheServerCanBeClosedTwice() {
        RpcServer first = start(server());
        RpcException e = assertThrows(RpcException.class, () -> server().port(first.port()).start());
        assertTrue(e.getMessage().contains("cannot listen on") && e.getMessage().contains("choose another port"),
                e.getMessage());
        first.close();
        assertFalse(first.isRunning());
        first.close();
        first.closeNow();
        assertThrows(IllegalStateException.class, first::start);
    }

    @Test
    void unregisteredServicesStopBeingCallable() throws Exception {
        RpcServer server = start(server());
        server.services().register("calc", Calculator.class, new CalculatorImpl());
        RawLinkClient client = client(server);
        client.call(1, "calc", "add", 1, 2);
        assertEquals(3, client.reply(1));
        server.services().unregister("calc");
        client.call(2, "calc", "add", 1, 2);
        assertEquals(ErrorKind.NO_SUCH_FUNCTION, client.error(2).kind());
    }
}
