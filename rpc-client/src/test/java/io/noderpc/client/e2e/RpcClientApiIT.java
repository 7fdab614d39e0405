package io.noderpc.client.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.Cast;
import io.noderpc.client.MultiResult;
import io.noderpc.client.Rpc;
import io.noderpc.client.RpcClient;
import io.noderpc.client.RpcFuture;
import io.noderpc.client.RpcService;
import io.noderpc.client.SbcastResult;
import io.noderpc.client.e2e.TestServices.Point;
import io.noderpc.core.CodecException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.NoSuchFunctionException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.server.RpcServer;
import io.noderpc.server.Service;
import io.noderpc.testkit.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every kind of request of the API, against a real server over loopback. */
class RpcClientApiIT extends EndToEndFixture {

    @RpcService("math")
    interface Calculator {
        int add(int a, int b);

        CompletableFuture<Integer> mul(int a, int b);

        RpcFuture<String> whoami();

        Point move(Point p, int d);

        @Cast
        void fail(String message);

        default int twice(int a) {
            return add(a, a);
        }
    }

    @RpcService("recorder")
    interface Recording {
        @Cast(ordered = true)
        void seq(int i);

        @Cast
        void hit();

        int hits();
    }

    /** No annotation: the service is the simple name, which the server does not have. */
    interface math2 {
        int add(int a, int b);
    }

    @Test
    void callsByNameNodeNameAndNodeKey() {
        RpcClient rpc = client(server());
        assertEquals(3, (int) rpc.call("b@127.0.0.1", "math", "add", 1, 2));
        assertEquals(7, (int) rpc.call(B, "math", "add", 3, 4));
        assertEquals(11, (int) rpc.call(B_LINK, "math", "add", 5, 6));
        assertEquals("b@127.0.0.1", rpc.call(B, "math", "whoami"));
        assertEquals(new Point(3, 4), rpc.call(B, "math", "move", new Point(1, 2), 2));
        assertEquals(Set.of(B_LINK), rpc.links(), "the three forms share the plain link");
        assertEquals(Set.of(B), rpc.nodes());
    }

    @Test
    void keyedLinksAreDistinctConnections() {
        RpcServer server = server();
        RpcClient rpc = client(server);
        rpc.call(B, "math", "add", 1, 1);
        rpc.call(NodeKey.of(B, "shard-1"), "math", "add", 1, 1);
        rpc.call(NodeKey.of(B, "shard-2"), "math", "add", 1, 1);
        rpc.call(NodeKey.of(B, "shard-1"), "math", "add", 1, 1);
        assertEquals(Set.of(B_LINK, NodeKey.of(B, "shard-1"), NodeKey.of(B, "shard-2")), rpc.links());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 3);
    }

    @Test
    void asyncCallsAreAwaitedPolledAndComposed() throws Exception {
        RpcClient rpc = client(server());
        RpcFuture<Long> slow = rpc.asyncCall(B, "math", "sleep", 300L);
        assertEquals(Optional.empty(), slow.poll(), "nb_yield: not yet");
        assertFalse(slow.isDone());
        assertThrows(RpcTimeoutException.class, () -> slow.await(Duration.ofMillis(50)), "yield with a timeout");
        assertEquals(300L, slow.await());
        assertEquals(Optional.of(300L), slow.poll(), "the outcome can be read again");

        RpcFuture<Integer> product = rpc.asyncCall("b@127.0.0.1", "math", "mul", 6, 7);
        assertEquals(Optional.of(42), product.poll(Duration.ofSeconds(5)));
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[1];
        assertEquals(43, rpc.<Integer>asyncCall(B, "math", "add", 40, 3).toCompletableFuture()
                .thenApply(v -> {
                    ranOn[0] = Thread.currentThread();
                    return v;
                }).get(5, TimeUnit.SECONDS));
        assertTrue(ranOn[0] == caller || ranOn[0].getName().startsWith("noderpc-client-callback"),
                "callbacks never run on an I/O thread: " + ranOn[0].getName());
    }

    @Test
    void anAbandonedOrCancelledAsyncCallIsForgotten() {
        RpcClient rpc = client(server());
        RpcFuture<Long> cancelled = rpc.asyncCall(B, "math", "sleep", 5_000L);
        assertTrue(cancelled.cancel());
        assertThrows(java.util.concurrent.CancellationException.class, cancelled::await);
        rpc.withTimeout(Duration.ofMillis(100)).asyncCall(B, "math", "sleep", 5_000L);  // abandoned
        assertEquals(2, (int) rpc.call(B, "math", "add", 1, 1), "the link is still fine");
    }

    @Test
    void withTimeoutGivesAViewWithAnotherDeadline() {
        RpcClient rpc = client(server());
        Rpc quick = rpc.withTimeout(Duration.ofMillis(200));
        assertEquals(Duration.ofMillis(200), quick.callTimeout());
        assertEquals(rpc.options().callTimeout(), rpc.callTimeout());
        long start = System.nanoTime();
        RpcTimeoutException e = assertThrows(RpcTimeoutException.class, () -> quick.call(B, "math", "sleep",
                2_000L));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis >= 190 && tookMillis < 1_500, "timed out after " + tookMillis + " ms");
        assertTrue(e.getMessage().contains("within 200 ms"), e.getMessage());
        assertEquals(5, (int) quick.call(B, "math", "add", 2, 3), "the same link serves the next call");
    }

    @Test
    void castsAndOrderedCastsRunRemotely() {
        RpcClient rpc = client(server());
        rpc.cast(B, "recorder", "hit");
        rpc.cast("b@127.0.0.1", "recorder", "hit");
        for (int i = 0; i < 100; i++) {
            rpc.orderedCast(NodeKey.of(B, "ordered"), "recorder", "seq", i);
        }
        rpc.cast(B, "math", "nope");                         // unknown: dropped remotely, logged there
        rpc.cast(NodeName.of("ghost@127.0.0.1"), "recorder", "hit");  // unreachable: dropped, never thrown
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.hits.get() == 2 && recorder.sequence.size()
                == 100);
        assertEquals(java.util.stream.IntStream.range(0, 100).boxed().toList(), recorder.sequence);
        assertThrows(CodecException.class, () -> rpc.cast(B, "math", "add", new TestServices.Secret("x")));
    }

    @Test
    void multicallRunsInParallelUnderOneDeadline() {
        RpcServer server = server();
        int refused = FreePorts.next();
        RpcClient rpc = client(server, b -> b.dataPort("c@127.0.0.1", "127.0.0.1:" + refused));
        List<Object> nodes = List.of("b@127.0.0.1", NodeKey.of(B, "k"), NodeName.of("c@127.0.0.1"));
        MultiResult<Integer> sums = rpc.multicall(nodes, "math", "add", 2, 2);
        assertEquals(List.of(4, 4), sums.results());
        assertEquals(List.of(B_LINK, NodeKey.of(B, "k")), sums.goodNodes());
        assertEquals(Set.of(NodeKey.of("c@127.0.0.1")), sums.badNodes().keySet());
        assertInstanceOf(ConnectFailedException.class, sums.badNodes().get(NodeKey.of("c@127.0.0.1")));
        assertFalse(sums.allSucceeded());

        long start = System.nanoTime();
        MultiResult<Long> slow = rpc.withTimeout(Duration.ofMillis(500)).multicall(
                List.of(NodeKey.of(B, "s1"), NodeKey.of(B, "s2"), NodeKey.of(B, "s3"), B),
                "math", "sleep", 2_000L);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(4, slow.badNodes().size());
        slow.badNodes().values().forEach(e -> assertInstanceOf(RpcTimeoutException.class, e));
        assertTrue(tookMillis < 1_500, "one deadline for four slow nodes, not four: " + tookMillis + " ms");
        assertTrue(rpc.multicall(List.of(), "math", "add", 1, 1).replies().isEmpty());
    }

    @Test
    void evalEverywhereAbcastAndSbcast() throws Exception {
        RpcServer server = server();
        RpcClient rpc = client(server, b -> b.dataPort("c@127.0.0.1", "127.0.0.1:" + FreePorts.next()));
        rpc.evalEverywhere(List.of(B, NodeKey.of(B, "k")), "recorder", "hit");
        rpc.abcast(List.of(B, "c@127.0.0.1"), "inbox", "hello");
        rpc.abcast(List.of(B), "nobody", "lost");
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.hits.get() == 2 && inbox.size() == 1);
        assertEquals(List.of("hello"), inbox);

        SbcastResult delivered = rpc.sbcast(List.of(B, "c@127.0.0.1"), "inbox", "sync");
        assertEquals(List.of(B_LINK), delivered.goodNodes());
        assertInstanceOf(ConnectFailedException.class, delivered.badNodes().get(NodeKey.of("c@127.0.0.1")));
        SbcastResult missing = rpc.sbcast(List.of(B), "nobody", "sync");
        assertInstanceOf(NoSuchFunctionException.class, missing.badNodes().get(B_LINK));
        assertEquals(List.of("hello", "sync"), inbox);
        assertEquals(true, rpc.sbcastAsync(B_LINK, "inbox", "async").await());
    }

    @Test
    void typedStubs() throws Exception {
        RpcClient rpc = client(server());
        Calculator calc = rpc.stub("b@127.0.0.1", Calculator.class);
        assertEquals(5, calc.add(2, 3));
        assertEquals(12, calc.mul(3, 4).get(5, TimeUnit.SECONDS));
        assertEquals("b@127.0.0.1", calc.whoami().await());
        assertEquals(new Point(2, 2), calc.move(new Point(1, 1), 1));
        assertEquals(8, calc.twice(4), "default methods run locally");
        calc.fail("as a cast, nobody sees this");
        assertTrue(calc.toString().contains("math on b@127.0.0.1"), calc.toString());
        assertEquals(calc, calc);
        assertNotEquals(calc, rpc.stub(B, Calculator.class));

        Recording recording = rpc.stub(NodeKey.of(B, "rec"), Recording.class);
        for (int i = 0; i < 50; i++) {
            recording.seq(i);
        }
        recording.hit();
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.hits() == 1 && recorder.sequence.size() == 50);
        assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), recorder.sequence);

        assertThrows(NoSuchFunctionException.class, () -> rpc.stub(B, math2.class).add(1, 2));
        assertThrows(IllegalArgumentException.class, () -> rpc.stub(B, String.class));
    }

    @Test
    void serviceVersions() {
        RpcServer server = server(b -> { });
        server.services().register(Service.builder("geo").version("2")
                .function("id", 1, args -> args[0]).build());
        RpcClient rpc = client(server);
        assertEquals("x", rpc.call(B, "geo@2", "id", "x"));
        assertEquals("x", rpc.call(B, "geo", "id", "x"));
        assertThrows(IncompatibleException.class, () -> rpc.call(B, "geo@3", "id", "x"));
        assertThrows(IncompatibleException.class, () -> rpc.call(B, "math@1", "add", 1, 2));
    }

    @Test
    void manyCallersShareALink() throws Exception {
        RpcClient rpc = client(server());
        int threads = 8;
        int perThread = 500;
        CountDownLatch done = new CountDownLatch(threads);
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int base = t * 1_000_000;
            new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        if ((int) rpc.call(B, "math", "add", base, i) != base + i) {
                            wrong.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(0, wrong.get(), "every caller got its own answer");
        assertEquals(threads * perThread, math.calls.get());
    }
}
