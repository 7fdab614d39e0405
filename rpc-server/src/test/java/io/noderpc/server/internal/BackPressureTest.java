package io.noderpc.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.noderpc.core.Cookie;
import io.noderpc.core.RpcOptions;
import io.noderpc.server.MailboxRegistry;
import io.noderpc.server.Service;
import io.noderpc.server.ServiceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The in-flight bounds turn reading off and on, per link and across links; nothing exceeds them. */
class BackPressureTest {

    private static RpcOptions perLink(int max) {
        return RpcOptions.builder(new Properties()).maxInFlightPerConnection(max).build();
    }

    private static void export(ServiceRegistry services) {
        services.register(Service.builder("s").function("id", 1, a -> a[0]).build());
    }

    @Test
    void aLinkStopsReadingAtItsBoundAndResumesBelowIt() {
        TestLink link = new TestLink(perLink(2), AccessRule.ALLOW_ALL, new InFlightLimiter(1000));
        try {
            export(link.services);
            link.call(1, "s", "id", 1);
            assertTrue(link.channel.config().isAutoRead());
            link.call(2, "s", "id", 2);
            assertFalse(link.channel.config().isAutoRead(), "at the bound: stop reading");
            link.call(3, "s", "id", 3); // already decoded when reading stopped
            assertEquals(2, link.workers.size(), "never more than the bound in flight");
            assertEquals(1, link.link().gate().backlog());

            link.workers.runOne();
            link.channel.runPendingTasks();
            assertEquals(1, link.reply(1));
            assertEquals(2, link.workers.size(), "the waiting call started");
            assertEquals(0, link.link().gate().backlog());
            assertFalse(link.channel.config().isAutoRead(), "still at the bound");

            link.workers.runOne();
            link.channel.runPendingTasks();
            assertTrue(link.channel.config().isAutoRead(), "below the bound: read again");
            link.workers.runAll();
            link.channel.runPendingTasks();
            assertEquals(2, link.reply(2));
            assertEquals(3, link.reply(3));
            assertTrue(link.channel.config().isAutoRead());
            assertEquals(0, link.link().gate().inFlight());
        } finally {
            link.close();
        }
    }

    /** Holds writes unfinished until the test completes them, as a peer that does not read would. */
    static final class HeldWrites extends ChannelOutboundHandlerAdapter {
        final List<ChannelPromise> promises = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promises.add(promise);
        }
    }

    @Test
    void anAnswerHoldsItsPermitUntilWritten() {
        TestLink link = new TestLink(perLink(1), AccessRule.ALLOW_ALL, new InFlightLimiter(1000));
        HeldWrites held = new HeldWrites();
        link.channel.pipeline().addFirst(held);
        try {
            export(link.services);
            link.call(1, "s", "id", 1);
            link.workers.runAll();
            link.channel.runPendingTasks(); // answers are written by the event loop, batched
            assertEquals(1, held.promises.size(), "the reply is being written");
            assertEquals(1, link.link().gate().inFlight());
            assertFalse(link.channel.config().isAutoRead(), "a peer not reading its answers is not read either");
            held.promises.get(0).setSuccess();
            link.channel.runPendingTasks();
            assertEquals(0, link.link().gate().inFlight());
            assertTrue(link.channel.config().isAutoRead());
        } finally {
            link.close();
        }
    }

    @Test
    void refusalsCountAgainstTheBoundToo() {
        TestLink link = new TestLink(perLink(1), AccessRule.ALLOW_ALL, new InFlightLimiter(1000));
        HeldWrites held = new HeldWrites();
        link.channel.pipeline().addFirst(held);
        try {
            link.call(1, "missing", "f");
            link.call(2, "missing", "f");
            assertEquals(1, held.promises.size(), "the second refusal waits for the first to be written");
            assertFalse(link.channel.config().isAutoRead());
            held.promises.get(0).setSuccess();
            link.channel.runPendingTasks();
            assertEquals(2, held.promises.size());
            held.promises.get(1).setSuccess();
            link.channel.runPendingTasks();
            assertTrue(link.channel.config().isAutoRead());
        } finally {
            link.close();
        }
    }

    @Test
    void theServerBoundHoldsAcrossLinks() {
        ServerContext server = new ServerContext(TestLink.SELF, Cookie.of("c"), perLink(100), new CountingCodec(),
                new ServiceRegistry(), new MailboxRegistry(), AccessRule.ALLOW_ALL, new ManualExecutor(),
                new InFlightLimiter(2));
        export(server.services());
        TestLink a = new TestLink(server);
        TestLink b = new TestLink(server);
        try {
            a.call(1, "s", "id", 1);
            a.call(2, "s", "id", 2);
            assertTrue(a.channel.config().isAutoRead(), "a link below its own bound reads until refused a permit");
            b.call(3, "s", "id", 3);
            assertFalse(b.channel.config().isAutoRead(), "no permit: stop reading");
            a.call(4, "s", "id", 4);
            assertFalse(a.channel.config().isAutoRead());
            assertEquals(2, a.workers.size());

            int answered = 0;
            int peak = 0;
            while (answered < 4) {
                a.workers.runOne();
                a.channel.runPendingTasks();
                b.channel.runPendingTasks();
                peak = Math.max(peak, server.limiter().inFlight());
                peak = Math.max(peak, a.workers.size());
                for (TestLink l : List.of(a, b)) {
                    while (!l.channel.outboundMessages().isEmpty()) {
                        ReferenceCountUtil.release(l.channel.readOutbound());
                        answered++;
                    }
                }
            }
            assertTrue(peak <= 2, "peak in flight " + peak);
            assertTrue(a.channel.config().isAutoRead());
            assertTrue(b.channel.config().isAutoRead());
            assertEquals(0, server.limiter().inFlight());
        } finally {
            a.close();
            b.close();
        }
    }
}
