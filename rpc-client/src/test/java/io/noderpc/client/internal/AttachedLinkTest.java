package io.noderpc.client.internal;

import static io.noderpc.client.internal.WorkerHarness.B;
import static io.noderpc.client.internal.WorkerHarness.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.noderpc.client.LinkAttacher;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Links attached to a channel the test owns (a LinkAttacher's), on EmbeddedChannels with the workers' own loop. */
class AttachedLinkTest {

    private static final Duration TEN_S = Duration.ofSeconds(10);

    private final WorkerHarness h = new WorkerHarness(WorkerHarness.options().build(), 100, true);
    private final EmbeddedChannel owned = new EmbeddedChannel();

    @AfterEach
    void finish() {
        h.finish();
        owned.finishAndReleaseAll();
    }

    private static RpcException failure(Request request) throws InterruptedException {
        try {
            request.result.get();
            throw new AssertionError(request + " has not failed");
        } catch (ExecutionException e) {
            return (RpcException) e.getCause();
        }
    }

    /** What the links passed on to the end of the owner's pipeline. */
    private List<Object> passedOn() {
        h.runPending();
        owned.runPendingTasks();
        List<Object> out = new ArrayList<>();
        for (Object msg; (msg = owned.readInbound()) != null; ) {
            out.add(msg);
        }
        return out;
    }

    private void inbound(Object msg) {
        owned.writeInbound(msg);
        h.runPending();
    }

    @Test
    void answersItsOwnRequestsAndPassesOnTheRest() throws Exception {
        ClientWorker worker = h.worker(B);
        Request call = h.call(worker, "add", TEN_S, 1, 2);
        h.attachTo(owned);
        assertEquals(ClientWorker.State.CONNECTED, worker.state());
        Frame sent = WorkerHarness.sent(owned);
        long id = sent.id();
        sent.release();

        Frame other = Frame.reply(id + 100, encode("not mine"));
        Frame pong = Frame.pong(5);
        inbound(other);
        inbound(pong);
        inbound("the owner's message");
        assertEquals(List.of(other, pong, "the owner's message"), passedOn());
        assertEquals(1, other.refCnt(), "passed on, not released");
        other.release();

        inbound(Frame.reply(id, encode(3)));
        assertEquals(3, call.result.get());
        assertTrue(passedOn().isEmpty());
    }

    @Test
    void closingRemovesTheLinkCancelsItsCallsAndLeavesTheChannelOpen() throws Exception {
        ClientWorker worker = h.worker(B);
        Request call = h.call(worker, "slow", TEN_S);
        h.attachTo(owned);
        WorkerHarness.drainSent(owned);
        assertNotNull(owned.pipeline().get(LinkAttacher.LINK));
        worker.close(new NodeDownException("node b is down"));
        h.runPending();
        assertInstanceOf(NodeDownException.class, failure(call));
        assertNull(owned.pipeline().get(LinkAttacher.LINK), "the link left the pipeline");
        assertTrue(owned.isOpen(), "the channel is the owner's");
        List<String> sent = WorkerHarness.drainSent(owned);
        assertEquals(1, sent.size(), sent.toString());
        assertTrue(sent.get(0).startsWith("CANCEL#"), sent.toString());
    }

    @Test
    void theOwnerRemovingTheLinkFailsWhatItAwaitsAndTheNextRequestAttachesAgain() throws Exception {
        ClientWorker worker = h.worker(B);
        Request call = h.call(worker, "slow", TEN_S);
        h.attachTo(owned);
        WorkerHarness.drainSent(owned);
        owned.pipeline().remove(LinkAttacher.LINK);
        h.runPending();
        assertInstanceOf(NodeDownException.class, failure(call));
        assertEquals(ClientWorker.State.IDLE, worker.state());
        h.call(worker, "again", TEN_S);
        assertEquals(2, h.attempts.size(), "attaches again");
    }

    @Test
    void neverPingsAndSharesIdsWithTheOtherLinksOfTheChannel() throws Exception {
        ClientWorker plain = h.worker(B);
        Request first = h.call(plain, "a", TEN_S);
        h.attachTo(owned);
        ClientWorker keyed = h.worker(NodeKey.of("b@127.0.0.1", "k"));
        Request second = h.call(keyed, "b", TEN_S);
        h.attachTo(owned);
        assertNotNull(owned.pipeline().get("link:k"));
        List<String> sent = WorkerHarness.drainSent(owned);
        assertEquals(List.of("CALL:a#1", "CALL:b#2"), sent, "one id space per channel");

        owned.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        h.runPending();
        assertTrue(WorkerHarness.drainSent(owned).isEmpty(), "no ping on an attached link");

        inbound(Frame.reply(2, encode("to keyed")));
        inbound(Frame.reply(1, encode("to plain")));
        assertEquals("to keyed", second.result.get(), "passed on by the plain link to the keyed one");
        assertEquals("to plain", first.result.get());
        assertTrue(passedOn().isEmpty());
    }

    @Test
    void aLinkAddedOnTheWrongLoopIsRefusedAndRemoved() throws Exception {
        ClientWorker worker = h.worker(B);
        Request call = h.call(worker, "add", TEN_S, 1, 2);
        WorkerHarness.Attempt attempt = h.lastAttempt();
        owned.pipeline().addLast(LinkAttacher.LINK, attempt.link()); // the channel's own loop, not the worker's
        attempt.future().complete(owned);
        h.runPending();
        RpcException e = failure(call);
        assertInstanceOf(ConnectFailedException.class, e);
        assertTrue(e.getMessage().contains("pipeline.addLast(loop"), e.getMessage());
        owned.runPendingTasks();
        assertNull(owned.pipeline().get(LinkAttacher.LINK));
        assertSame(ClientWorker.State.BACKOFF, worker.state());
        assertNull(owned.readOutbound(), "nothing was sent on it");
    }
}
