package io.noderpc.client.internal;

import static io.noderpc.client.internal.WorkerHarness.B;
import static io.noderpc.client.internal.WorkerHarness.drainSent;
import static io.noderpc.client.internal.WorkerHarness.encode;
import static io.noderpc.client.internal.WorkerHarness.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.CodecException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.NoSuchFunctionException;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.RemoteException;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.RemoteError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientWorkerTest {

    private static final Duration TEN_S = Duration.ofSeconds(10);

    private WorkerHarness h = new WorkerHarness();

    @AfterEach
    void finish() {
        h.finish();
    }

    private static RpcException failure(Request request) {
        assertTrue(request.result.isCompletedExceptionally(), request + " has not failed");
        try {
            request.result.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return (RpcException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void reply(EmbeddedChannel link, long id, Object value) {
        link.writeInbound(Frame.reply(id, encode(value)));
    }

    @Test
    void queuesWhileConnectingThenSendsInSubmissionOrder() {
        ClientWorker worker = h.worker(B);
        Request call = h.call(worker, "add", TEN_S, 1, 2);
        h.cast(worker, Request.Kind.ORDERED_CAST, "first");
        h.cast(worker, Request.Kind.CAST, "plain");
        h.cast(worker, Request.Kind.ORDERED_CAST, "second");
        assertEquals(1, h.attempts.size(), "one connection attempt for all queued requests");
        assertEquals(ClientWorker.State.CONNECTING, worker.state());
        assertEquals(4, worker.busyCount());

        EmbeddedChannel link = h.accept();
        assertEquals(ClientWorker.State.CONNECTED, worker.state());
        Frame first = sent(link);
        assertEquals(FrameType.CALL, first.type());
        assertEquals("svc", first.service());
        assertEquals("add", first.function());
        assertEquals(10_000, first.timeoutMillis(), "the caller's remaining budget travels with the call");
        assertEquals(List.of(1, 2), List.of((Object[]) WorkerHarness.CODEC.decode(first.content())));
        first.release();
        assertEquals(List.of("ORDERED_CAST:first#2", "CAST:plain#3", "ORDERED_CAST:second#4"), drainSent(link));
        assertEquals(1, worker.busyCount(), "written casts are done; the call awaits its reply");

        reply(link, 1, 3);
        assertEquals(3, call.result.join());
        assertEquals(0, worker.busyCount());
        assertSame(worker, h.changes.get(h.changes.size() - 1), "the dispatcher hears that the worker is idle");
    }

    @Test
    void correlatesRepliesArrivingOutOfOrder() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request a = h.call(worker, "a", TEN_S);
        Request b = h.call(worker, "b", TEN_S);
        Request c = h.call(worker, "c", TEN_S);
        assertEquals(List.of("CALL:a#2", "CALL:b#3", "CALL:c#4"), drainSent(link));
        reply(link, 4, "C");
        reply(link, 2, "A");
        reply(link, 3, "B");
        assertEquals("A", a.result.join());
        assertEquals("B", b.result.join());
        assertEquals("C", c.result.join());
        reply(link, 3, "late");
        assertEquals(0, worker.busyCount());
    }

    @Test
    void requestsSubmittedTogetherLeaveInOneFlush() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        AtomicInteger flushes = new AtomicInteger();
        link.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        List<Request> burst = List.of(WorkerHarness.newCall(worker, "a", TEN_S), WorkerHarness.newCall(worker, "b",
                TEN_S), WorkerHarness.newCall(worker, "c", TEN_S));
        for (Request r : burst) { // as tasks queued on the loop before it ran any of them
            worker.acquire();
            worker.submit(r);
        }
        assertEquals(List.of(), drainSent(link), "written, not flushed, while the burst's tasks run");
        h.runPending();
        assertEquals(List.of("CALL:a#2", "CALL:b#3", "CALL:c#4"), drainSent(link));
        assertEquals(1, flushes.get(), "one flush for the three");
        reply(link, 3, "B");
        assertEquals("B", burst.get(1).result.join());
        h.call(worker, "d", TEN_S);
        assertEquals(List.of("CALL:d#5"), drainSent(link), "a lone request is flushed when its task ends");
        assertEquals(2, flushes.get());
    }

    private EmbeddedChannel connected(ClientWorker worker) {
        h.cast(worker, Request.Kind.CAST, "hello");
        EmbeddedChannel link = h.accept();
        drainSent(link);
        return link;
    }

    @Test
    void errorFramesBecomeTheSpecificExceptions() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request thrown = h.call(worker, "boom", TEN_S);
        Request missing = h.call(worker, "nope", TEN_S);
        drainSent(link);
        RemoteError remote = new RemoteError(ErrorKind.REMOTE, "java.lang.IllegalStateException", "bad state",
                "java.lang.IllegalStateException: bad state\n\tat Svc.boom(Svc.java:1)\n");
        link.writeInbound(Frame.error(2, remote.encode(ByteBufAllocator.DEFAULT)));
        link.writeInbound(Frame.error(3, new RemoteError(ErrorKind.NO_SUCH_FUNCTION,
                NoSuchFunctionException.class.getName(), "no function svc:nope", "")
                .encode(ByteBufAllocator.DEFAULT)));
        RemoteException e = assertInstanceOf(RemoteException.class, failure(thrown));
        assertEquals("java.lang.IllegalStateException", e.remoteClassName());
        assertEquals("bad state", e.remoteMessage());
        assertTrue(e.remoteStackTrace().contains("Svc.boom"));
        assertEquals("no function svc:nope", assertInstanceOf(NoSuchFunctionException.class,
                failure(missing)).getMessage());
    }

    @Test
    void undecodableResultIsACodecException() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request call = h.call(worker, "f", TEN_S);
        drainSent(link);
        link.writeInbound(Frame.reply(2, Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5})));
        assertTrue(failure(call).getMessage().contains("cannot decode the result of svc:f"));
        assertEquals(0, worker.busyCount());
    }

    @Test
    void timeoutFailsTheCallForgetsItAndSendsCancel() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request call = h.call(worker, "slow", Duration.ofMillis(500));
        drainSent(link);
        h.advance(Duration.ofMillis(499));
        assertFalse(call.result.isDone());
        h.advance(Duration.ofMillis(1));
        RpcTimeoutException e = assertInstanceOf(RpcTimeoutException.class, failure(call));
        assertTrue(e.getMessage().contains("no answer from b@127.0.0.1 to call svc:slow within 500 ms"),
                e.getMessage());
        Frame cancel = sent(link);
        assertEquals(FrameType.CANCEL, cancel.type());
        assertEquals(2, cancel.id());
        cancel.release();
        assertEquals(0, worker.busyCount());
        reply(link, 2, "too late");  // dropped and released; the leak check would catch it otherwise
        assertEquals(ClientWorker.State.CONNECTED, worker.state(), "the link stays up");
    }

    @Test
    void whileConnectingEveryRequestUpToTheWholeBoundWaits() {
        h = new WorkerHarness(WorkerHarness.options().maxInFlightPerConnection(2).build(), 2);
        ClientWorker worker = h.worker(B);
        for (int i = 0; i < 4; i++) {
            h.cast(worker, Request.Kind.ORDERED_CAST, "c" + i);
        }
        EmbeddedChannel link = h.accept();
        assertEquals(List.of("ORDERED_CAST:c0#1", "ORDERED_CAST:c1#2", "ORDERED_CAST:c2#3", "ORDERED_CAST:c3#4"),
                drainSent(link), "none dropped");
    }

    @Test
    void timeoutWhileConnectingFailsWithoutSendingAnything() {
        ClientWorker worker = h.worker(B);
        Request call = h.call(worker, "f", Duration.ofMillis(200));
        h.advance(Duration.ofMillis(200));
        assertTrue(failure(call).getMessage().contains("before it could be sent: still connecting"));
        EmbeddedChannel link = h.accept();
        assertEquals(List.of(), drainSent(link));
        assertEquals(0, worker.busyCount());
    }

    @Test
    void cancelForgetsTheCallSendsCancelAndFreesItsSlot() {
        h = new WorkerHarness(WorkerHarness.options().maxInFlightPerConnection(1).build(), 10);
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request first = h.call(worker, "first", TEN_S);
        Request second = h.call(worker, "second", TEN_S);
        assertEquals(List.of("CALL:first#2"), drainSent(link), "the second call waits for the only slot");
        first.result.cancel(false);
        worker.cancel(first);
        assertEquals(List.of("CANCEL#2", "CALL:second#3"), drainSent(link));
        reply(link, 3, "ok");
        assertEquals("ok", second.result.join());
        assertEquals(0, worker.busyCount());
    }

    @Test
    void inFlightBoundQueuesAndQueueBoundRefuses() {
        h = new WorkerHarness(WorkerHarness.options().maxInFlightPerConnection(2).build(), 2);
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request c1 = h.call(worker, "c1", TEN_S);
        Request c2 = h.call(worker, "c2", TEN_S);
        Request c3 = h.call(worker, "c3", TEN_S);
        Request c4 = h.call(worker, "c4", TEN_S);
        assertFalse(worker.isOverloaded(), "2 in flight and 2 waiting is the bound");
        worker.acquire();
        assertTrue(worker.isOverloaded(), "the caller's thread refuses a fifth");
        worker.unacquire();
        assertEquals(List.of("CALL:c1#2", "CALL:c2#3"), drainSent(link));
        reply(link, 2, 1);
        assertEquals(List.of("CALL:c3#4"), drainSent(link));
        reply(link, 3, 2);
        reply(link, 4, 3);
        assertEquals(List.of("CALL:c4#5"), drainSent(link));
        reply(link, 5, 4);
        assertEquals(List.of(1, 2, 3, 4), List.of(c1.result.join(), c2.result.join(), c3.result.join(),
                c4.result.join()));
    }

    @Test
    void linkLossFailsEveryPendingCallAtOnceAndTheNextRequestReconnects() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        List<Request> calls = List.of(h.call(worker, "a", TEN_S), h.call(worker, "b", TEN_S),
                h.call(worker, "c", TEN_S));
        drainSent(link);
        link.close();
        for (Request call : calls) {
            NodeDownException e = assertInstanceOf(NodeDownException.class, failure(call));
            assertEquals("connection to b@127.0.0.1 lost with requests in flight: the node went down or closed the link;"
                    + " whether they ran there is unknown", e.getMessage());
        }
        assertEquals(0, worker.busyCount());
        assertEquals(ClientWorker.State.IDLE, worker.state());
        Request again = h.call(worker, "again", TEN_S);
        assertEquals(2, h.attempts.size(), "reconnects at once after a lost link");
        EmbeddedChannel second = h.accept();
        assertEquals(List.of("CALL:again#1"), drainSent(second));
        reply(second, 1, "back");
        assertEquals("back", again.result.join());
    }

    @Test
    void requestsQueuedButNeverSentGoOnTheNextLinkWhenTheLinkIsLost() {
        h = new WorkerHarness(WorkerHarness.options().maxInFlightPerConnection(1).build(), 2);
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request sent = h.call(worker, "sent", TEN_S);
        Request queued = h.call(worker, "queued", TEN_S);
        assertEquals(1, drainSent(link).size(), "one in flight, one waiting for a slot");
        link.close();
        assertInstanceOf(NodeDownException.class, failure(sent));
        assertFalse(queued.result.isDone(), "a request that never left is not lost with the link");
        assertEquals(2, h.attempts.size(), "reconnects for the waiting request");
        EmbeddedChannel second = h.accept();
        List<String> resent = drainSent(second);
        assertEquals(1, resent.size());
        assertTrue(resent.get(0).startsWith("CALL:queued#"), resent.toString());
        reply(second, Long.parseLong(resent.get(0).substring(resent.get(0).indexOf('#') + 1)), "late");
        assertEquals("late", queued.result.join());
    }

    @Test
    void closeWithNodeDownFailsEverythingWithIt() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request sent = h.call(worker, "a", TEN_S);
        drainSent(link);
        link.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        Request queued = h.call(worker, "b", TEN_S);
        worker.close(new NodeDownException("node b@127.0.0.1 is down: no ticks"));
        assertEquals("node b@127.0.0.1 is down: no ticks", assertInstanceOf(NodeDownException.class,
                failure(sent)).getMessage());
        assertInstanceOf(NodeDownException.class, failure(queued));
        assertFalse(link.isOpen());
        assertEquals(ClientWorker.State.CLOSED, worker.state());
        Request after = h.call(worker, "c", TEN_S);
        assertInstanceOf(NodeDownException.class, failure(after));
        assertEquals(0, worker.busyCount());
    }

    @Test
    void failedConnectFailsTheWaitingCallsThenBacksOffExponentially() {
        ClientWorker worker = h.worker(B);
        Request a = h.call(worker, "a", TEN_S);
        Request b = h.call(worker, "b", TEN_S);
        h.lastAttempt().future().completeExceptionally(new AuthenticationFailedException("cookies differ"));
        assertInstanceOf(AuthenticationFailedException.class, failure(a));
        assertInstanceOf(AuthenticationFailedException.class, failure(b));
        assertEquals(ClientWorker.State.BACKOFF, worker.state());

        Request fast = h.call(worker, "fast", TEN_S);
        RpcException e = assertInstanceOf(AuthenticationFailedException.class, failure(fast));
        assertTrue(e.getMessage().contains("cookies differ [last attempt failed; next attempt in 100 ms]"),
                e.getMessage());
        assertEquals(1, h.attempts.size(), "no new attempt during the back-off");

        h.advance(Duration.ofMillis(100));
        h.call(worker, "retry", TEN_S);
        assertEquals(2, h.attempts.size());
        h.lastAttempt().future().completeExceptionally(new java.net.ConnectException("Connection refused"));
        h.advance(Duration.ofMillis(150));
        assertInstanceOf(ConnectFailedException.class, failure(h.call(worker, "still", TEN_S)),
                "the second delay is 200 ms");
        h.advance(Duration.ofMillis(50));
        Request third = h.call(worker, "third", TEN_S);
        assertEquals(3, h.attempts.size());
        EmbeddedChannel link = h.accept();
        assertEquals(List.of("CALL:third#1"), drainSent(link));
        link.close();
        h.call(worker, "fourth", TEN_S);
        h.lastAttempt().future().completeExceptionally(new ConnectFailedException("refused"));
        h.advance(Duration.ofMillis(100));
        h.call(worker, "fifth", TEN_S);
        assertEquals(5, h.attempts.size(), "a successful link reset the back-off to 100 ms");
    }

    @Test
    void answersPingsAndPingsWhenIdle() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        link.writeInbound(Frame.ping(77));
        Frame pong = sent(link);
        assertEquals(FrameType.PONG, pong.type());
        assertEquals(77, pong.id());
        pong.release();

        link.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        Frame ping = sent(link);
        assertEquals(FrameType.PING, ping.type());
        link.writeInbound(Frame.pong(ping.id()));
        ping.release();
        link.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertEquals(List.of("PING#3"), drainSent(link), "answered: the link is alive, ping again");
        assertTrue(link.isOpen());
        assertEquals(List.of(), List.copyOf(h.attempts.subList(1, h.attempts.size())));
    }

    @Test
    void anUnansweredPingDropsTheLinkAndFailsItsCalls() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request call = h.call(worker, "stuck", TEN_S);
        drainSent(link);
        link.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        link.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertFalse(link.isOpen());
        assertTrue(failure(call).getMessage().contains("no answer to a ping"), failure(call).getMessage());
        assertEquals(ClientWorker.State.IDLE, worker.state());
    }

    @Test
    void castsWaitWhileTheSocketIsFullAndAStalledSocketIsDropped() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        link.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        h.cast(worker, Request.Kind.CAST, "held");
        Request call = h.call(worker, "held-call", Duration.ofMinutes(1));
        assertEquals(List.of(), drainSent(link));
        link.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        link.runPendingTasks();
        assertEquals(List.of("CAST:held#2", "CALL:held-call#3"), drainSent(link));

        link.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        link.runPendingTasks();
        h.advance(h.config.options().sendTimeout());
        assertTrue(link.isOpen(), "the watch armed by the first stall saw the socket take bytes: it watches again");
        h.advance(h.config.options().sendTimeout());
        assertFalse(link.isOpen(), "no progress for sendTimeout closes the link");
        assertTrue(failure(call).getMessage().contains("no progress sending"), failure(call).getMessage());
    }

    @Test
    void aSocketThatKeepsDrainingIsNotDroppedHoweverLongItStaysBusy() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request call = h.call(worker, "bulk", Duration.ofMinutes(1));
        drainSent(link);
        Duration timeout = h.config.options().sendTimeout();
        link.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        link.runPendingTasks();
        // A large message refills the buffer each time it drains: unwritable again at every check, yet moving.
        for (int i = 0; i < 3; i++) {
            h.advance(timeout.dividedBy(2));
            link.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            link.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            link.runPendingTasks();
            h.advance(timeout.dividedBy(2));
            assertTrue(link.isOpen(), () -> "the socket took bytes within each sendTimeout: " + failure(call));
        }
        h.advance(timeout);
        h.advance(timeout);
        assertFalse(link.isOpen(), "no progress at all for sendTimeout closes the link");
        assertTrue(failure(call).getMessage().contains("no progress sending"), failure(call).getMessage());
    }

    @Test
    void sbcastCompletesWithDelivery() {
        ClientWorker worker = h.worker(B);
        EmbeddedChannel link = connected(worker);
        Request sbcast = new Request(Request.Kind.SBCAST, "mbox", null, encode("msg"),
                worker.nanoTime() + TEN_S.toNanos(), TEN_S.toNanos());
        worker.acquire();
        worker.submit(sbcast);
        h.runPending();
        Frame frame = sent(link);
        assertEquals(FrameType.SBCAST, frame.type());
        assertEquals("mbox", frame.name());
        frame.release();
        link.writeInbound(Frame.sbcastReply(frame.id(), false));
        assertEquals(false, sbcast.result.join());
        assertNull(link.readOutbound());
        assertEquals(0, worker.busyCount());
    }

    @Test
    void deadlineAlreadyPassedFailsAtOnce() {
        ClientWorker worker = h.worker(B);
        connected(worker);
        Request request = new Request(Request.Kind.CALL, "svc", "f", encode(1), worker.nanoTime(), 0);
        worker.acquire();
        worker.submit(request);
        assertInstanceOf(RpcTimeoutException.class, failure(request));
        CompletableFuture<?> unused = request.result;
        assertTrue(unused.isDone());
    }
}
