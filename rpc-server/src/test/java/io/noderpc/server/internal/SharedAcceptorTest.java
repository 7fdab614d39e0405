package io.noderpc.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.core.Cookie;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.core.handshake.HandshakeCompletedEvent;
import io.noderpc.server.MailboxRegistry;
import io.noderpc.server.Service;
import io.noderpc.server.ServiceRegistry;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Acceptor of a shared link (a channel someone else owns), frame by frame on an EmbeddedChannel. */
class SharedAcceptorTest {

    private final AtomicInteger runs = new AtomicInteger();
    private final SharedLinks sharedLinks = new SharedLinks();

    private ServerContext context(RpcOptions options) {
        ServerContext context = new ServerContext(TestLink.SELF, Cookie.of("c"), options, new CountingCodec(),
                new ServiceRegistry(), new MailboxRegistry(), AccessRule.ALLOW_ALL, new ManualExecutor(),
                new InFlightLimiter(1000));
        context.services().register(Service.builder("s").function("id", 1, a -> {
            runs.incrementAndGet();
            return a[0];
        }).build());
        return context;
    }

    private TestLink shared(RpcOptions options) {
        return TestLink.shared(context(options), sharedLinks);
    }

    private TestLink shared() {
        return shared(TestLink.OPTIONS);
    }

    @Test
    void servesCallsAndPassesTheHandshakeEventOn() {
        try (TestLink link = shared()) {
            assertInstanceOf(HandshakeCompletedEvent.class, link.passedOn.get(0), "later handlers see the event");
            assertTrue(link.link().shared());
            assertEquals(1, sharedLinks.size());
            link.call(1, "s", "id", "x");
            link.workers.runAll();
            assertEquals("x", link.reply(1));
            link.channel.writeInbound(Frame.ping(9));
            Frame pong = link.next();
            assertEquals(FrameType.PONG, pong.type());
            pong.release();
        }
    }

    @Test
    void passesOnWhatAServerDoesNotHandle() {
        try (TestLink link = shared()) {
            Frame reply = Frame.reply(1, Unpooled.copiedBuffer(new byte[] {1}));
            Frame error = Frame.error(2, Unpooled.copiedBuffer(new byte[] {2}));
            Frame sbcastReply = Frame.sbcastReply(3, true);
            Frame pong = Frame.pong(4);
            Object ownerMessage = "the owner's own message";
            link.channel.writeInbound(reply, error, sbcastReply, pong, ownerMessage);
            assertEquals(List.of(link.passedOn.get(0), reply, error, sbcastReply, pong, ownerMessage),
                    link.passedOn);
            assertEquals(1, reply.refCnt(), "passed on, not released");
            assertTrue(link.channel.isOpen(), "not a protocol error on a shared link");
            assertTrue(link.silent());
        }
    }

    @Test
    void passesExceptionsAndOtherEventsOnInsteadOfClosing() {
        try (TestLink link = shared()) {
            IOException boom = new IOException("reset");
            link.channel.pipeline().fireExceptionCaught(boom);
            link.channel.pipeline().fireUserEventTriggered("owner event");
            assertSame(boom, link.passedOn.get(1));
            assertEquals("owner event", link.passedOn.get(2));
            assertTrue(link.channel.isOpen());
        }
    }

    @Test
    void ignoresTheInactivityTimeout() {
        try (TestLink link = shared(RpcOptions.builder(new Properties())
                .serverInactivityTimeout(Duration.ofSeconds(1)).build())) {
            link.channel.advanceTimeBy(1, TimeUnit.HOURS);
            link.channel.runScheduledPendingTasks();
            assertTrue(link.channel.isOpen());
        }
    }

    @Test
    void drainingRefusesNewWorkButKeepsTheChannelOpenAndReading() throws Exception {
        try (TestLink link = shared(RpcOptions.builder(new Properties()).maxInFlightPerConnection(1).build())) {
            link.call(1, "s", "id", 1);
            link.call(2, "s", "id", 2); // waits in the backlog: reading pauses at the bound
            assertFalse(link.channel.config().isAutoRead());
            List<Future<?>> drained = sharedLinks.drain();
            assertEquals(1, drained.size());
            link.channel.runPendingTasks();
            assertTrue(drained.get(0).isDone());
            assertTrue(link.channel.config().isAutoRead(), "the owner's channel keeps being read");
            RemoteError backlogged = link.error(2);
            assertEquals(ErrorKind.NODE_DOWN, backlogged.kind());
            link.call(3, "s", "id", 3);
            assertEquals(ErrorKind.NODE_DOWN, link.error(3).kind(), "a call after the drain is refused at once");
            link.cast(4, "s", "id", 4);
            assertTrue(link.silent());
            link.workers.runAll();
            assertEquals(1, link.reply(1), "the call in flight finishes and is answered");
            assertEquals(1, runs.get());
            assertTrue(link.channel.isOpen());
            assertTrue(link.channel.config().isAutoRead());
        }
    }

    @Test
    void aSharedLinkJoiningADrainingServerRefusesWorkFromTheStart() {
        sharedLinks.drain();
        try (TestLink link = shared()) {
            assertEquals(0, sharedLinks.size());
            link.call(1, "s", "id", 1);
            assertEquals(ErrorKind.NODE_DOWN, link.error(1).kind());
            assertTrue(link.channel.isOpen());
        }
    }

    @Test
    void drainingBeforeTheHandshakeDoesNotCloseTheChannel() {
        EmbeddedChannel raw = new EmbeddedChannel(Acceptor.shared(context(TestLink.OPTIONS), sharedLinks));
        raw.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        assertTrue(raw.isOpen());
        raw.pipeline().fireUserEventTriggered(new HandshakeCompletedEvent(TestLink.PEER, 1, null));
        raw.writeInbound(Frame.call(1, "s", "id", 0, Unpooled.EMPTY_BUFFER));
        raw.runPendingTasks();
        Frame refused = raw.readOutbound();
        assertNotNull(refused);
        assertEquals(ErrorKind.NODE_DOWN, RemoteError.decode(refused.content()).kind());
        refused.release();
        assertTrue(raw.isOpen());
        raw.finishAndReleaseAll();
    }

    @Test
    void aCallDroppedByAnImmediateCloseIsAnsweredNodeDown() {
        try (TestLink link = shared()) {
            link.call(1, "s", "id", 1);
            link.context.abort();
            link.workers.runAll();
            RemoteError error = link.error(1);
            assertEquals(ErrorKind.NODE_DOWN, error.kind());
            assertTrue(error.message().contains("was closed before running"), error.message());
            assertEquals(0, runs.get());
        }
    }

    @Test
    void closingTheChannelCleansUpAndRemovingTheAcceptorUnregistersIt() {
        TestLink link = shared();
        try {
            link.call(1, "s", "id", 1);
            link.channel.close();
            link.workers.runAll();
            assertEquals(0, runs.get(), "a call whose link closed is skipped");
            assertEquals(0, link.context.limiter().inFlight());
            assertEquals(0, sharedLinks.size());
        } finally {
            link.close();
        }
        try (TestLink other = shared()) {
            assertEquals(1, sharedLinks.size());
            other.channel.pipeline().remove(ServerInitializer.ACCEPTOR);
            assertEquals(0, sharedLinks.size());
            assertTrue(other.link().gate().isClosed());
            assertTrue(other.channel.isOpen());
        }
    }
}
