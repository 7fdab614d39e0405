package io.noderpc.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.server.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Acceptor frame by frame, on an EmbeddedChannel with workers run by the test. */
class AcceptorTest {

    public static class MathService {
        final AtomicInteger runs = new AtomicInteger();

        public int add(int a, int b) {
            runs.incrementAndGet();
            return a + b;
        }

        public Object unencodable() {
            return new Unregistered(1);
        }

        public String fail(String message) {
            throw new IllegalStateException(message);
        }
    }

    /** Never registered with the codec. */
    public record Unregistered(int x) {
    }

    private final TestLink link = new TestLink();
    private final MathService math = new MathService();
    private final List<Object> calls = new ArrayList<>();

    AcceptorTest() {
        link.services.register("math", math);
        link.services.register(Service.builder("v").version("2").function("echo", 1, a -> a[0]).build());
        link.services.register(Service.builder("log").function("add", 1, a -> calls.add(a[0])).build());
    }

    @AfterEach
    void finish() {
        link.close();
    }

    @Test
    void aCallRunsOnAWorkerAndIsAnsweredFromIt() {
        link.call(1, "math", "add", 2, 3);
        assertTrue(link.silent(), "nothing runs on the event loop");
        assertEquals(1, link.workers.size());
        assertEquals(0, link.codec.decodes.get(), "arguments are decoded on the worker, not the loop");
        link.workers.runAll();
        assertEquals(5, link.reply(1));
        assertEquals(1, link.codec.decodes.get());
    }

    @Test
    void aVersionedCallReachesTheMatchingVersion() {
        link.call(1, "v@2", "echo", "x");
        link.call(2, "v", "echo", "y");
        link.workers.runAll();
        assertEquals("x", link.reply(1));
        assertEquals("y", link.reply(2), "no version asked: any version");
    }

    @Test
    void castsRunWithoutAnswer() {
        link.cast(1, "log", "add", "a");
        link.workers.runAll();
        assertEquals(List.of("a"), calls);
        assertTrue(link.silent());
    }

    @Test
    void orderedCastsRunOneAtATimeInArrivalOrder() {
        for (int i = 0; i < 5; i++) {
            link.orderedCast(i, "log", "add", i);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(1, link.workers.size(), "one worker task at a time, never a blocked worker per cast");
            assertTrue(link.workers.runOne());
        }
        assertEquals(0, link.workers.size());
        assertEquals(List.of(0, 1, 2, 3, 4), calls);
        assertTrue(link.silent());
    }

    @Test
    void pingIsAnsweredAtOnce() {
        link.channel.writeInbound(Frame.ping(42));
        Frame pong = link.next();
        assertEquals(FrameType.PONG, pong.type());
        assertEquals(42, pong.id());
        pong.release();
        link.channel.writeInbound(Frame.pong(7)); // unsolicited: ignored and released
        assertTrue(link.silent());
        assertTrue(link.channel.isOpen());
    }

    @Test
    void mailboxesReceiveAbcastAndSbcastInOrder() {
        List<Object> inbox = new ArrayList<>();
        link.mailboxes.register("inbox", inbox::add);
        link.channel.writeInbound(Frame.abcast(1, "inbox", link.encode("one")));
        link.channel.writeInbound(Frame.sbcast(2, "inbox", link.encode("two")));
        assertEquals(1, link.workers.size(), "deliveries of one link go one at a time");
        link.workers.runAll();
        assertEquals(List.of("one", "two"), inbox);
        Frame reply = link.next();
        assertEquals(FrameType.SBCAST_REPLY, reply.type());
        assertEquals(2, reply.id());
        assertTrue(reply.delivered());
        reply.release();
        assertTrue(link.silent(), "an abcast is not answered");
    }

    @Test
    void messagesForMissingMailboxesAreDroppedUndecoded() {
        link.channel.writeInbound(Frame.abcast(1, "nobody", link.encode("lost")));
        link.channel.writeInbound(Frame.sbcast(2, "nobody", link.encode("lost")));
        Frame reply = link.next();
        assertEquals(FrameType.SBCAST_REPLY, reply.type());
        assertFalse(reply.delivered());
        reply.release();
        assertEquals(0, link.workers.size());
        assertEquals(0, link.codec.decodes.get());
    }

    @Test
    void aMailboxThatThrowsMakesTheSbcastUndelivered() {
        link.mailboxes.register("broken", m -> {
            throw new IllegalStateException("full");
        });
        link.channel.writeInbound(Frame.sbcast(3, "broken", link.encode("m")));
        link.workers.runAll();
        Frame reply = link.next();
        assertFalse(reply.delivered());
        reply.release();
    }

    @Test
    void aCancelledQueuedCallNeverRunsNorAnswers() {
        link.call(1, "math", "add", 1, 1);
        link.channel.writeInbound(Frame.cancel(1));
        link.workers.runAll();
        assertEquals(0, math.runs.get());
        assertEquals(0, link.codec.decodes.get(), "its arguments are not even decoded");
        assertTrue(link.silent());
        assertTrue(link.link().calls().isEmpty());
        assertEquals(0, link.link().gate().inFlight());
        link.channel.writeInbound(Frame.cancel(99)); // unknown id: ignored
        assertTrue(link.channel.isOpen());
    }

    @Test
    void aCallWhoseCallerTimedOutBeforeItStartedIsSkipped() {
        link.channel.writeInbound(Frame.call(1, "math", "add", 100, link.encode(new Object[] {1, 2})));
        link.channel.advanceTimeBy(101, java.util.concurrent.TimeUnit.MILLISECONDS);
        link.workers.runAll();
        assertEquals(0, math.runs.get());
        assertTrue(link.silent());
        link.channel.writeInbound(Frame.call(2, "math", "add", 100, link.encode(new Object[] {1, 2})));
        link.channel.advanceTimeBy(99, java.util.concurrent.TimeUnit.MILLISECONDS);
        link.workers.runAll();
        assertEquals(3, link.reply(2));
    }

    @Test
    void unauthorizedServicesAreRefusedBeforeTheirArgumentsAreDecoded() {
        TestLink denying = new TestLink(TestLink.OPTIONS, AccessRule.denyOnly(Set.of("math")),
                new InFlightLimiter(100));
        try {
            denying.services.register("math", math);
            denying.call(1, "math", "add", 1, 2);
            denying.call(2, "math@1", "add", 1, 2);
            denying.cast(3, "math", "add", 1, 2);
            denying.orderedCast(4, "math", "add", 1, 2);
            assertEquals(0, denying.workers.size(), "nothing reaches a worker");
            RemoteError error = denying.error(1);
            assertEquals(ErrorKind.UNAUTHORIZED, error.kind());
            assertEquals("io.noderpc.core.UnauthorizedException", error.className());
            assertTrue(error.message().contains("deny-list"), error.message());
            assertEquals(ErrorKind.UNAUTHORIZED, denying.error(2).kind());
            assertTrue(denying.silent(), "casts are not answered");
            assertEquals(0, math.runs.get());
            assertEquals(0, denying.codec.decodes.get(), "the argument bytes never reach the codec");
        } finally {
            denying.close();
        }
    }

    @Test
    void anAllowListRefusesEverythingElse() {
        TestLink allowing = new TestLink(TestLink.OPTIONS, AccessRule.allowOnly(Set.of("v")),
                new InFlightLimiter(100));
        try {
            allowing.services.register("math", math);
            allowing.call(1, "math", "add", 1, 2);
            RemoteError error = allowing.error(1);
            assertEquals(ErrorKind.UNAUTHORIZED, error.kind());
            assertTrue(error.message().contains("allow-list"), error.message());
            assertEquals(0, allowing.codec.decodes.get());
        } finally {
            allowing.close();
        }
    }

    @Test
    void unknownServicesAndFunctionsAreRefusedBeforeDecoding() {
        link.call(1, "nope", "add", 1);
        link.call(2, "math", "mul", 1, 2);
        RemoteError noService = link.error(1);
        assertEquals(ErrorKind.NO_SUCH_FUNCTION, noService.kind());
        assertTrue(noService.message().contains("has no service nope"), noService.message());
        RemoteError noFunction = link.error(2);
        assertEquals(ErrorKind.NO_SUCH_FUNCTION, noFunction.kind());
        assertTrue(noFunction.message().contains("exports no function mul"), noFunction.message());
        assertEquals(0, link.codec.decodes.get());
    }

    @Test
    void aWrongArityIsRefusedAfterDecoding() {
        link.call(1, "math", "add", 1, 2, 3);
        link.workers.runAll();
        RemoteError error = link.error(1);
        assertEquals(ErrorKind.NO_SUCH_FUNCTION, error.kind());
        assertTrue(error.message().contains("exports add with [2] argument(s), not 3"), error.message());
        assertEquals(0, math.runs.get());
    }

    @Test
    void versionMismatchesAreIncompatible() {
        link.call(1, "v@3", "echo", "x");
        link.call(2, "math@1", "add", 1, 2);
        RemoteError other = link.error(1);
        assertEquals(ErrorKind.INCOMPATIBLE, other.kind());
        assertTrue(other.message().contains("is version 2, not version 3"), other.message());
        RemoteError unversioned = link.error(2);
        assertEquals(ErrorKind.INCOMPATIBLE, unversioned.kind());
        assertTrue(unversioned.message().contains("unversioned"), unversioned.message());
        assertEquals(0, link.codec.decodes.get());
    }

    @Test
    void argumentsThatDoNotFitTheMethodAreIncompatible() {
        link.call(1, "math", "add", "one", 2);
        link.workers.runAll();
        RemoteError error = link.error(1);
        assertEquals(ErrorKind.INCOMPATIBLE, error.kind());
        assertTrue(error.message().contains("add(int, int) cannot take the arguments (String, Integer)"),
                error.message());
        assertEquals(0, math.runs.get());
    }

    @Test
    void undecodableArgumentsAndUnencodableResultsAreCodecErrors() {
        link.channel.writeInbound(Frame.call(1, "math", "add", 0, Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        link.channel.writeInbound(Frame.call(2, "math", "add", 0, link.encode("not an array")));
        link.call(3, "math", "unencodable");
        link.workers.runAll();
        RemoteError garbage = link.error(1);
        assertEquals(ErrorKind.CODEC, garbage.kind());
        assertTrue(garbage.message().startsWith("cannot decode the arguments of math:add"), garbage.message());
        RemoteError notArray = link.error(2);
        assertEquals(ErrorKind.CODEC, notArray.kind());
        assertTrue(notArray.message().contains("not an Object[]"), notArray.message());
        RemoteError result = link.error(3);
        assertEquals(ErrorKind.CODEC, result.kind());
        assertTrue(result.message().startsWith("cannot encode the result of math:unencodable"), result.message());
        assertEquals(0, math.runs.get());
    }

    @Test
    void whatTheFunctionThrowsComesBackAsRemoteWithClassMessageAndStack() {
        link.call(1, "math", "fail", "broken on purpose");
        link.workers.runAll();
        RemoteError error = link.error(1);
        assertEquals(ErrorKind.REMOTE, error.kind());
        assertEquals("java.lang.IllegalStateException", error.className());
        assertEquals("broken on purpose", error.message());
        assertTrue(error.stackTrace().contains("MathService.fail"), error.stackTrace());
    }

    @Test
    void aCallTheExecutorRefusesIsAnsweredWithAnError() {
        link.workers.reject = true;
        link.call(1, "math", "add", 1, 2);
        link.cast(2, "math", "add", 1, 2);
        RemoteError error = link.error(1);
        assertEquals(ErrorKind.RPC, error.kind());
        assertTrue(error.message().contains("worker executor refused"), error.message());
        assertTrue(link.silent());
        assertEquals(0, link.link().gate().inFlight(), "permits are returned");
        assertEquals(0, link.context.limiter().inFlight());
    }

    @Test
    void aClientSendingServerFramesBreaksTheProtocolAndIsClosed() {
        link.channel.writeInbound(Frame.reply(1, link.encode("forged")));
        assertFalse(link.channel.isOpen());
    }

    @Test
    void framesBeforeTheHandshakeCloseTheLink() {
        io.netty.channel.embedded.EmbeddedChannel raw = new io.netty.channel.embedded.EmbeddedChannel(
                new Acceptor(link.context));
        raw.writeInbound(Frame.call(1, "math", "add", 0, link.encode(new Object[] {1, 2})));
        assertFalse(raw.isOpen());
        assertNull(raw.readOutbound());
        assertEquals(0, math.runs.get());
        raw.finishAndReleaseAll();
    }
}
