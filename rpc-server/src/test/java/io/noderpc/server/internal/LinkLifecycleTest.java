package io.noderpc.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.server.Service;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Inactivity timeout with frozen time, draining, closing with work queued, and stalled writes. */
class LinkLifecycleTest {

    private final AtomicInteger runs = new AtomicInteger();

    private TestLink link(RpcOptions options) {
        TestLink link = new TestLink(options, AccessRule.ALLOW_ALL, new InFlightLimiter(1000));
        link.services.register(Service.builder("s").function("id", 1, a -> {
            runs.incrementAndGet();
            return a[0];
        }).build());
        return link;
    }

    private static RpcOptions inactivity(Duration timeout) {
        return RpcOptions.builder(new Properties()).serverInactivityTimeout(timeout).build();
    }

    private static void advance(TestLink link, long millis) {
        link.channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        link.channel.runScheduledPendingTasks();
    }

    @Test
    void anIdleLinkClosesAndPingsDoNotKeepItOpen() {
        TestLink link = link(inactivity(Duration.ofSeconds(1)));
        try {
            advance(link, 600);
            link.channel.writeInbound(Frame.ping(1));
            Frame pong = link.next();
            assertEquals(FrameType.PONG, pong.type());
            pong.release();
            advance(link, 399);
            assertTrue(link.channel.isOpen());
            advance(link, 1);
            assertFalse(link.channel.isOpen(), "a second without calls, pings notwithstanding");
        } finally {
            link.close();
        }
    }

    @Test
    void callsAndCastsAreActivity() {
        TestLink link = link(inactivity(Duration.ofSeconds(1)));
        try {
            advance(link, 600);
            link.call(1, "s", "id", 1);
            link.workers.runAll();
            assertEquals(1, link.reply(1));
            advance(link, 900);
            assertTrue(link.channel.isOpen(), "the call at 600 ms reset the clock");
            link.cast(2, "s", "id", 2);
            advance(link, 999);
            assertTrue(link.channel.isOpen(), "a cast waiting for a worker is not idleness");
            link.workers.runAll();
            advance(link, 999);
            assertTrue(link.channel.isOpen(), "finishing the cast counts too");
            advance(link, 1);
            assertFalse(link.channel.isOpen());
        } finally {
            link.close();
        }
    }

    @Test
    void aLongCallKeepsItsLinkOpen() {
        TestLink link = link(inactivity(Duration.ofSeconds(1)));
        try {
            link.call(1, "s", "id", 1);
            advance(link, 5000);
            assertTrue(link.channel.isOpen());
            link.workers.runAll();
            assertEquals(1, link.reply(1));
            advance(link, 1000);
            assertFalse(link.channel.isOpen());
        } finally {
            link.close();
        }
    }

    @Test
    void withoutATimeoutLinksNeverIdleOut() {
        TestLink link = link(TestLink.OPTIONS);
        try {
            advance(link, TimeUnit.DAYS.toMillis(2));
            assertTrue(link.channel.isOpen());
        } finally {
            link.close();
        }
    }

    @Test
    void drainingStopsReadingRefusesNewCallsAndFinishesTheRest() {
        TestLink link = link(RpcOptions.builder(new Properties()).maxInFlightPerConnection(1).build());
        try {
            link.call(1, "s", "id", 1);
            link.call(2, "s", "id", 2); // waits in the backlog
            link.channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
            assertFalse(link.channel.config().isAutoRead());
            RemoteError backlogged = link.error(2);
            assertEquals(ErrorKind.NODE_DOWN, backlogged.kind());
            assertTrue(backlogged.message().contains("is shutting down; nothing was executed"),
                    backlogged.message());
            link.call(3, "s", "id", 3); // was already read
            assertEquals(ErrorKind.NODE_DOWN, link.error(3).kind());
            link.cast(4, "s", "id", 4);
            assertTrue(link.silent());
            link.workers.runAll();
            assertEquals(1, link.reply(1), "the call in flight finishes and is answered");
            assertEquals(1, runs.get());
            assertTrue(link.channel.isOpen(), "the server closes links once everything drained");
        } finally {
            link.close();
        }
    }

    @Test
    void drainingAnUnauthenticatedLinkClosesIt() {
        EmbeddedChannel raw = new EmbeddedChannel(new Acceptor(link(TestLink.OPTIONS).context));
        raw.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        assertFalse(raw.isOpen());
        raw.finishAndReleaseAll();
    }

    @Test
    void aClosedLinkReleasesItsBacklogAndSkipsQueuedCalls() {
        TestLink link = link(RpcOptions.builder(new Properties()).maxInFlightPerConnection(1).build());
        try {
            link.call(1, "s", "id", 1);
            link.call(2, "s", "id", 2);
            link.channel.writeInbound(Frame.call(3, "s", "id", 0, Unpooled.wrappedBuffer(new byte[100])));
            link.channel.close();
            link.workers.runAll();
            assertEquals(0, runs.get(), "nobody waits for their answers");
            assertEquals(0, link.link().gate().inFlight());
            assertEquals(0, link.context.limiter().inFlight());
        } finally {
            link.close();
        }
    }

    @Test
    void aLinkWhoseAnswersGoUnreadForTheSendTimeoutIsClosed() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
        ch.pipeline().addLast(new SendStallHandler(Duration.ofSeconds(5)));
        ch.write(Unpooled.wrappedBuffer(new byte[32])); // written, not flushed: the peer "does not read"
        assertFalse(ch.isWritable());
        ch.advanceTimeBy(4999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.flush(); // progress
        assertTrue(ch.isWritable());
        ch.write(Unpooled.wrappedBuffer(new byte[32]));
        ch.advanceTimeBy(4999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen(), "the clock restarted when writes progressed");
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void aLinkWhoseBufferIsRefilledAsSoonAsItDrainsIsNotClosed() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
        // Like the chunk writer: before the stall handler, it writes the next chunk as soon as the buffer drains,
        // so the stall handler sees the channel unwritable again at every event.
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(io.netty.channel.ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    ctx.write(Unpooled.wrappedBuffer(new byte[32]));
                }
                ctx.fireChannelWritabilityChanged();
            }
        });
        ch.pipeline().addLast(new SendStallHandler(Duration.ofSeconds(5)));
        ch.write(Unpooled.wrappedBuffer(new byte[32]));
        for (int i = 0; i < 4; i++) {
            ch.advanceTimeBy(3000, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            assertTrue(ch.isOpen(), "the peer reads, slowly");
            ch.flush(); // the peer took the chunk; the next one is written at once
            assertFalse(ch.isWritable());
            releaseOutbound(ch);
        }
        ch.advanceTimeBy(5000, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen(), "then it stopped reading for sendTimeout");
        ch.finishAndReleaseAll();
    }

    private static void releaseOutbound(EmbeddedChannel ch) {
        for (Object m; (m = ch.readOutbound()) != null; ) {
            io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    @Test
    void pingsAreNotAnsweredWhileMegabytesOfAnswersGoUnread() {
        TestLink link = link(TestLink.OPTIONS);
        try {
            link.channel.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1024, 2048));
            link.channel.write(Unpooled.wrappedBuffer(new byte[3 << 20]));
            link.channel.writeInbound(Frame.ping(1));
            link.channel.flush();
            Object only = link.channel.readOutbound();
            io.netty.util.ReferenceCountUtil.release(only);
            assertTrue(link.silent(), "no PONG queued behind 3 MiB");
        } finally {
            link.close();
        }
    }
}
