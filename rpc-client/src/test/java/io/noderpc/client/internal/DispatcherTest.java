package io.noderpc.client.internal;

import static io.noderpc.client.internal.WorkerHarness.B;
import static io.noderpc.client.internal.WorkerHarness.drainSent;
import static io.noderpc.client.internal.WorkerHarness.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Scheduler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.noderpc.client.RpcFuture;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.frame.Frame;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher through the engine, with the cache on a fake clock and workers on EmbeddedChannels. */
class DispatcherTest {

    private static final NodeKey B_K1 = NodeKey.of("b@127.0.0.1", "k1");
    private static final NodeKey B_K2 = NodeKey.of("b@127.0.0.1", "k2");
    private static final NodeKey C = NodeKey.of("c@127.0.0.1");
    private static final Duration TEN_S = Duration.ofSeconds(10);

    private final AtomicLong cacheNanos = new AtomicLong();
    private WorkerHarness h;
    private ClientEngine engine;

    private void start(Duration inactivity) {
        RpcOptions options = WorkerHarness.options().clientInactivityTimeout(inactivity).build();
        h = new WorkerHarness(options, 100);
        engine = new ClientEngine(h, h.loop, h.config, cacheNanos::get, Scheduler.disabledScheduler());
    }

    @AfterEach
    void finish() {
        engine.close();
        h.finish();
    }

    private Dispatcher dispatcher() {
        return engine.dispatcher();
    }

    /** Moves the cache's clock and lets it expire what is due. */
    private void elapse(Duration d) {
        cacheNanos.addAndGet(d.toNanos());
        dispatcher().cleanUp();
    }

    /** A cast, submitted as one task of the loop; the loop then runs what that task queued (the flush). */
    private void cast(NodeKey key) {
        engine.cast(key, false, "svc", "f", new Object[] {1});
        h.runPending();
    }

    @Test
    void eachKeyHasItsOwnWorkerAndConnection() {
        start(Duration.ZERO);
        cast(B);
        cast(B_K1);
        cast(B_K2);
        cast(B);
        assertEquals(List.of(B, B_K1, B_K2), h.attempts.stream().map(WorkerHarness.Attempt::key).toList());
        assertEquals(Set.of(B, B_K1, B_K2), engine.links());
        assertNotSame(dispatcher().peek(B), dispatcher().peek(B_K1));
        assertEquals(2, dispatcher().peek(B).busyCount(), "both casts to B wait on one worker");
    }

    @Test
    void anIdleWorkerExpiresAndItsLinkClosesEvenIfPingsFlow() {
        start(Duration.ofSeconds(5));
        cast(B);
        EmbeddedChannel link = h.accept();
        drainSent(link);
        ClientWorker worker = dispatcher().peek(B);
        assertFalse(worker.isBusy());

        elapse(Duration.ofSeconds(3));
        link.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        Frame ping = WorkerHarness.sent(link);
        link.writeInbound(Frame.pong(ping.id()));
        ping.release();
        assertSame(worker, dispatcher().peek(B), "not yet expired");

        elapse(Duration.ofSeconds(4));
        assertNull(dispatcher().peek(B), "expired 5 s after its last use; the ping and pong did not count");
        assertFalse(link.isOpen(), "removal closed the link");
        assertEquals(ClientWorker.State.CLOSED, worker.state());

        cast(B);
        assertEquals(2, h.attempts.size(), "the next request makes a new worker and connects again");
    }

    @Test
    void aWorkerWithACallInFlightNeverExpiresMidCall() {
        start(Duration.ofSeconds(5));
        RpcFuture<Object> call = engine.call(B, "svc", "slow", new Object[0], Duration.ofMinutes(5));
        EmbeddedChannel link = h.accept();
        assertEquals(List.of("CALL:slow#1"), drainSent(link));
        ClientWorker worker = dispatcher().peek(B);

        elapse(Duration.ofSeconds(60));
        elapse(Duration.ofSeconds(60));
        assertSame(worker, dispatcher().peek(B), "busy: never expires");
        assertTrue(link.isOpen());

        link.writeInbound(Frame.reply(1, encode("done")));
        assertEquals("done", call.poll().orElseThrow());
        assertFalse(worker.isBusy());
        elapse(Duration.ofSeconds(3));
        assertSame(worker, dispatcher().peek(B), "idle again: the inactivity timeout starts from the reply");
        elapse(Duration.ofSeconds(4));
        assertNull(dispatcher().peek(B));
        assertFalse(link.isOpen());
    }

    @Test
    void aWorkerWaitingToConnectDoesNotExpire() {
        start(Duration.ofSeconds(5));
        RpcFuture<Object> call = engine.call(B, "svc", "f", new Object[0], Duration.ofMinutes(5));
        elapse(Duration.ofSeconds(30));
        assertTrue(dispatcher().peek(B).isBusy());
        EmbeddedChannel link = h.accept();
        assertEquals(List.of("CALL:f#1"), drainSent(link));
        link.writeInbound(Frame.reply(1, encode(7)));
        assertEquals(7, call.poll().orElseThrow());
    }

    @Test
    void inactivityZeroMeansLinksStay() {
        start(Duration.ZERO);
        cast(B);
        EmbeddedChannel link = h.accept();
        drainSent(link);
        elapse(Duration.ofDays(3));
        assertTrue(link.isOpen());
        assertEquals(Set.of(B), engine.links());
        assertEquals(Set.of(B.node()), engine.connectedNodes());
    }

    @Test
    void anUnlinkedWorkerIsForgottenAfterTheRetentionWhenInactivityIsNever() {
        start(Duration.ZERO);
        cast(B);
        h.lastAttempt().future().completeExceptionally(new java.net.ConnectException("refused"));
        assertEquals(ClientWorker.State.BACKOFF, dispatcher().peek(B).state());
        elapse(Dispatcher.UNLINKED_RETENTION.plusSeconds(2));
        assertNull(dispatcher().peek(B));
    }

    @Test
    void nodeDownFailsEveryKeyOfThatNodeAtOnceAndSparesOthers() {
        start(Duration.ZERO);
        RpcFuture<Object> plain = engine.call(B, "svc", "f", new Object[0], TEN_S);
        EmbeddedChannel bLink = h.accept();
        RpcFuture<Object> keyed = engine.call(B_K1, "svc", "f", new Object[0], TEN_S);
        EmbeddedChannel kLink = h.accept();
        RpcFuture<Object> queued = engine.call(B_K2, "svc", "f", new Object[0], TEN_S);
        RpcFuture<Object> other = engine.call(C, "svc", "f", new Object[0], TEN_S);
        EmbeddedChannel cLink = h.accept();

        engine.nodeDown(B.node(), "no tick for 60 s");
        for (RpcFuture<Object> f : List.of(plain, keyed, queued)) {
            NodeDownException e = assertThrows(NodeDownException.class, f::poll);
            assertEquals("node b@127.0.0.1 is down: no tick for 60 s", e.getMessage());
        }
        assertFalse(bLink.isOpen());
        assertFalse(kLink.isOpen());
        assertFalse(other.isDone());
        assertTrue(cLink.isOpen());
        assertEquals(Set.of(C), engine.links());
        drainSent(cLink);
        cLink.writeInbound(Frame.reply(1, encode("c")));
        assertEquals("c", other.poll().orElseThrow());

        engine.call(B, "svc", "f", new Object[0], TEN_S);
        assertEquals(B, h.lastAttempt().key(), "a later call reconnects");
    }

    @Test
    void castsBeyondTheLinksBoundFailInTheCaller() {
        RpcOptions options = WorkerHarness.options().maxInFlightPerConnection(2).build();
        h = new WorkerHarness(options, 3);
        engine = new ClientEngine(h, h.loop, h.config, cacheNanos::get, Scheduler.disabledScheduler());
        for (int i = 0; i < 5; i++) {
            cast(B);
        }
        RpcException e = assertThrows(RpcException.class, () -> cast(B));
        assertEquals("too many requests for b@127.0.0.1: 2 in flight and 3 waiting (maxInFlightPerConnection,"
                + " maxQueuedPerLink); slow down, or spread the load over keyed links", e.getMessage());
        RpcFuture<Object> call = engine.call(B, "svc", "f", new Object[0], TEN_S);
        assertEquals(e.getMessage(), assertThrows(RpcException.class, call::poll).getMessage());
        EmbeddedChannel link = h.accept();
        assertEquals(5, drainSent(link).size());
        cast(B);
        assertEquals(1, drainSent(link).size(), "room again once sent");
    }

    @Test
    void castsBeyondTheLinksUnsentBytesFailInTheCallerButOneLargeCastAlwaysGoes() {
        h = new WorkerHarness(WorkerHarness.options().build(), 100, false, 10_000);
        engine = new ClientEngine(h, h.loop, h.config, cacheNanos::get, Scheduler.disabledScheduler());
        byte[] big = new byte[6_000];
        engine.cast(B, false, "svc", "f", new Object[] {big}); // queued while connecting
        RpcException e = assertThrows(RpcException.class,
                () -> engine.cast(B, false, "svc", "f", new Object[] {big}));
        assertTrue(e.getMessage().startsWith("too many bytes waiting for b@127.0.0.1: "), e.getMessage());
        assertTrue(e.getMessage().contains("(maxUnsentBytesPerLink 10000)"), e.getMessage());
        EmbeddedChannel link = h.accept();
        h.runPending();
        assertEquals(1, drainSent(link).size(), "the refused cast was not sent");
        engine.cast(B, false, "svc", "f", new Object[] {new byte[20_000]}); // alone: above the bound, still goes
        h.runPending();
        assertEquals(1, drainSent(link).size(), "room again once written");
        engine.cast(B, false, "svc", "f", new Object[] {big});
        h.runPending();
        assertEquals(1, drainSent(link).size());
    }

    @Test
    void aClosedEngineFailsOutstandingCallsAndRefusesNewOnes() {
        start(Duration.ZERO);
        RpcFuture<Object> call = engine.call(B, "svc", "f", new Object[0], TEN_S);
        h.accept();
        engine.close();
        assertEquals("the RpcClient is closed", assertThrows(RpcException.class, call::poll).getMessage());
        RpcFuture<Object> after = engine.call(B, "svc", "f", new Object[0], TEN_S);
        assertEquals("the RpcClient is closed", assertThrows(RpcException.class, after::poll).getMessage());
        assertThrows(RpcException.class, () -> cast(B));
    }
}
