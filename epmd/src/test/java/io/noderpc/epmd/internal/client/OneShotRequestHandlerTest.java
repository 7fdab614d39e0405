package io.noderpc.epmd.internal.client;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.epmd.EpmdDump;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdKillReply;
import io.noderpc.epmd.EpmdNames;
import io.noderpc.epmd.EpmdProtocolException;
import io.noderpc.epmd.EpmdStopReply;
import io.noderpc.epmd.EpmdTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneShotRequestHandlerTest {

    private static final long TIMEOUT_MILLIS = 10_000;

    private final List<ByteBuf> written = new ArrayList<>();
    private final TrackingAllocator allocator = new TrackingAllocator();
    private EmbeddedChannel channel;

    @AfterEach
    void releaseEverything() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : written) {
            assertEquals(0, buf.refCnt(), "an inbound buffer was not released");
        }
        for (ByteBuf buf : allocator.allocated) {
            assertEquals(0, buf.refCnt(), "the handler's reply buffer was not released");
        }
    }

    @Test
    void theReplyBufferIsAllocatedOnlyForBytesAndAlwaysReleased() throws Exception {
        CompletableFuture<EpmdNames> result = start(RequestEncoder.names(), ReplyParsers.names());
        assertTrue(allocator.allocated.isEmpty(), "nothing is held before the daemon sends bytes");

        feed(0, 0, 0x11, 0x11);
        assertEquals(1, allocator.allocated.size());
        assertEquals(1, allocator.allocated.get(0).refCnt());
        channel.close();

        assertEquals(4369, result.get().epmdPort());
        assertEquals(0, allocator.allocated.get(0).refCnt());
    }

    @Test
    void sendsTheRequestOnceActiveAndNothingElse() {
        CompletableFuture<Optional<EpmdEntry>> result = start(RequestEncoder.portPlease2("foo"), ReplyParsers.port2());

        assertNull(channel.readOutbound(), "start() checked the one request; nothing may follow");
        assertFalse(result.isDone());
        assertTrue(channel.isOpen());
    }

    @Test
    void lookupParsesAReplyArrivingByteByByteWithNulsInExtra() throws Exception {
        byte[] reply = port2Reply("foo", 4, 'W', 'M', 6, 5, new byte[] {'E', 'X', 0, 0, 'Y'});
        CompletableFuture<Optional<EpmdEntry>> result = start(RequestEncoder.portPlease2("foo"), ReplyParsers.port2());

        for (int i = 0; i < reply.length - 1; i++) {
            feed(reply[i]);
            assertFalse(result.isDone(), "completed after " + (i + 1) + " bytes");
        }
        feed(reply[reply.length - 1]);

        EpmdEntry entry = result.get().orElseThrow();
        assertEquals(new EpmdEntry("foo", 4, 'W', 'M', 6, 5, new byte[] {'E', 'X', 0, 0, 'Y'}), entry);
        assertArrayEquals(new byte[] {'E', 'X', 0, 0, 'Y'}, entry.extra());
        assertFalse(channel.isOpen(), "the connection is closed once the reply is complete");
    }

    @Test
    void lookupWithEmptyExtra() throws Exception {
        CompletableFuture<Optional<EpmdEntry>> result = start(RequestEncoder.portPlease2("bar"), ReplyParsers.port2());

        feed(port2Reply("bar", 65535, 77, 0, 6, 5, new byte[0]));

        assertEquals(Optional.of(new EpmdEntry("bar", 65535, 77, 0, 6, 5, new byte[0])), result.get());
    }

    @Test
    void lookupOfAnUnknownNameIsEmpty() throws Exception {
        CompletableFuture<Optional<EpmdEntry>> result = start(RequestEncoder.portPlease2("nobody"), ReplyParsers.port2());

        feed(119);
        assertFalse(result.isDone());
        feed(1);

        assertEquals(Optional.empty(), result.get());
    }

    @Test
    void lookupRefusesAnotherTag() {
        CompletableFuture<Optional<EpmdEntry>> result = start(RequestEncoder.portPlease2("foo"), ReplyParsers.port2());

        feed('H', 'T', 'T', 'P');

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("reply tag 72 is not PORT2_RESP"), e.getMessage());
        assertArrayEquals(new byte[] {'H', 'T', 'T', 'P'}, e.reply());
    }

    @Test
    void lookupTruncatedByCloseIsAProtocolError() {
        byte[] reply = port2Reply("foo", 4, 77, 0, 6, 5, new byte[] {1, 2, 3});
        CompletableFuture<Optional<EpmdEntry>> result = start(RequestEncoder.portPlease2("foo"), ReplyParsers.port2());

        feed(Arrays.copyOf(reply, reply.length - 1));
        channel.close();

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("in the middle of the reply"), e.getMessage());
        assertEquals(reply.length - 1, e.reply().length);
    }

    @Test
    void lookupClosedWithoutReplyIsAProtocolError() {
        CompletableFuture<Optional<EpmdEntry>> result = start(RequestEncoder.portPlease2("foo"), ReplyParsers.port2());

        channel.close();

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("without replying"), e.getMessage());
    }

    @Test
    void namesGathersFragmentsUntilClose() throws Exception {
        CompletableFuture<EpmdNames> result = start(RequestEncoder.names(), ReplyParsers.names());

        feed(0, 0);
        feed(0x11, 0x11);
        feed(ascii("name foo at port 5"));
        feed(ascii("370\nname with space at port 42\n"));
        assertFalse(result.isDone(), "NAMES ends when the daemon closes");
        channel.close();

        EpmdNames names = result.get();
        assertEquals(0x1111, names.epmdPort());
        assertEquals(List.of(new EpmdNames.Node("foo", 5370), new EpmdNames.Node("with space", 42)), names.nodes());
        assertEquals("name foo at port 5370\nname with space at port 42\n", names.text());
        assertEquals(Optional.of(42), names.portOf("with space"));
    }

    @Test
    void namesWithAnEmptyTableIsJustTheHeader() throws Exception {
        CompletableFuture<EpmdNames> result = start(RequestEncoder.names(), ReplyParsers.names());

        feed(0, 0, 0x11, 0x11);
        channel.close();

        assertEquals(new EpmdNames(4369, List.of(), new byte[0]), result.get());
    }

    @Test
    void namesKeepsUnparsableLinesInTheRawTextOnly() throws Exception {
        CompletableFuture<EpmdNames> result = start(RequestEncoder.names(), ReplyParsers.names());

        feed(0, 0, 0x11, 0x11);
        feed(ascii("garbage\nname x at port notanumber\nname ok at port 1\n"));
        channel.close();

        EpmdNames names = result.get();
        assertEquals(List.of(new EpmdNames.Node("ok", 1)), names.nodes());
        assertTrue(names.text().startsWith("garbage\n"));
    }

    @Test
    void namesShorterThanTheHeaderIsNoResponse() {
        CompletableFuture<EpmdNames> result = start(RequestEncoder.names(), ReplyParsers.names());

        feed(0, 0, 0x11);
        channel.close();

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("no response from epmd"), e.getMessage());
        assertArrayEquals(new byte[] {0, 0, 0x11}, e.reply());
    }

    @Test
    void dumpKeepsTheNulSeparatedEntriesByteExact() throws Exception {
        CompletableFuture<EpmdDump> result = start(RequestEncoder.dump(), ReplyParsers.dump());
        byte[] body = ascii("active name     <foo> at port 5370, fd = 7\n\0old/unused name <bar>, port = 1, fd = 8 \n\0");

        feed(0, 0, 0x11, 0x11);
        feed(body);
        channel.close();

        EpmdDump dump = result.get();
        assertEquals(4369, dump.epmdPort());
        assertArrayEquals(body, dump.raw());
        assertEquals(List.of("active name     <foo> at port 5370, fd = 7\n", "old/unused name <bar>, port = 1, fd = 8 \n"),
                dump.entries());
    }

    @Test
    void killOutcomes() throws Exception {
        assertEquals(EpmdKillReply.Outcome.KILLED, kill(ascii("OK")).outcome());
        assertEquals(EpmdKillReply.Outcome.REFUSED, kill(ascii("NO")).outcome());
        EpmdKillReply other = kill(ascii("??x"));
        assertEquals(EpmdKillReply.Outcome.UNEXPECTED, other.outcome());
        assertArrayEquals(ascii("??x"), other.raw());
    }

    @Test
    void killWithFewerThanTwoBytesIsAProtocolError() {
        CompletableFuture<EpmdKillReply> result = start(RequestEncoder.kill(), ReplyParsers.kill());

        feed('O');
        channel.close();

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("epmd responded with <O>"), e.getMessage());
        assertArrayEquals(ascii("O"), e.reply());
    }

    @Test
    void stopOutcomes() throws Exception {
        EpmdStopReply stopped = stop(ascii("STOPPED"));
        assertEquals(EpmdStopReply.Outcome.STOPPED, stopped.outcome());
        assertEquals("STOPPED", stopped.text());

        EpmdStopReply noexist = stop(ascii("NOEXISTSTOPPED"));
        assertEquals(EpmdStopReply.Outcome.NOEXIST, noexist.outcome());
        assertEquals("NOEXIST", noexist.text());
        assertArrayEquals(ascii("NOEXISTSTOPPED"), noexist.raw());
    }

    @Test
    void stopClosedWithoutReplyIsAProtocolErrorWithEmptyReply() {
        CompletableFuture<EpmdStopReply> result = start(RequestEncoder.stop("foo"), ReplyParsers.stop());

        channel.close();

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("epmd responded with <>"), e.getMessage());
        assertTrue(e.getMessage().contains("-relaxed_command_check"), e.getMessage());
        assertEquals(0, e.reply().length);
    }

    @Test
    void aReplyLongerThanTheBoundIsRefused() {
        CompletableFuture<EpmdNames> result = start(RequestEncoder.names(), ReplyParsers.names(), 100);

        feed(new byte[60]);
        assertFalse(result.isDone());
        feed(new byte[41]);

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("longer than 100 bytes"), e.getMessage());
        assertFalse(channel.isOpen());
    }

    @Test
    void noCompleteReplyWithinTheTimeoutFails() {
        CompletableFuture<EpmdNames> result = start(RequestEncoder.names(), ReplyParsers.names());
        feed(0, 0);

        channel.advanceTimeBy(TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(result.isDone());
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        EpmdTimeoutException e = failure(result, EpmdTimeoutException.class);
        assertTrue(e.getMessage().contains("no complete reply to NAMES_REQ"), e.getMessage());
        assertFalse(channel.isOpen());
    }

    @Test
    void bytesAfterCompletionAreReleased() throws Exception {
        CompletableFuture<Optional<EpmdEntry>> result = start(RequestEncoder.portPlease2("x"), ReplyParsers.port2());

        feed(119, 1, 9, 9, 9);

        assertEquals(Optional.empty(), result.get());
    }

    private EpmdKillReply kill(byte[] reply) throws Exception {
        CompletableFuture<EpmdKillReply> result = start(RequestEncoder.kill(), ReplyParsers.kill());
        feed(reply);
        channel.close();
        EpmdKillReply value = result.get();
        channel.finishAndReleaseAll();
        return value;
    }

    private EpmdStopReply stop(byte[] reply) throws Exception {
        CompletableFuture<EpmdStopReply> result = start(RequestEncoder.stop("foo"), ReplyParsers.stop());
        for (byte b : reply) {
            feed(b);
        }
        channel.close();
        EpmdStopReply value = result.get();
        channel.finishAndReleaseAll();
        return value;
    }

    private <T> CompletableFuture<T> start(byte[] request, ReplyParser<T> parser) {
        return start(request, parser, 1 << 20);
    }

    private <T> CompletableFuture<T> start(byte[] request, ReplyParser<T> parser, int maxReplyBytes) {
        CompletableFuture<T> result = new CompletableFuture<>();
        channel = new EmbeddedChannel();
        channel.freezeTime(); // before the handler schedules its timeout
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(new OneShotRequestHandler<>(request, parser, result, TIMEOUT_MILLIS, maxReplyBytes));
        ByteBuf sent = channel.readOutbound();
        assertArrayEquals(request, ByteBufUtil.getBytes(sent));
        sent.release();
        return result;
    }

    private void feed(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        feed(array);
    }

    private void feed(byte[] bytes) {
        ByteBuf buf = Unpooled.copiedBuffer(bytes);
        written.add(buf);
        channel.writeInbound(buf);
    }

    static byte[] port2Reply(String name, int port, int type, int protocol, int high, int low, byte[] extra) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(119);
        out.write(0);
        out.write(port >> 8);
        out.write(port);
        out.write(type);
        out.write(protocol);
        out.write(high >> 8);
        out.write(high);
        out.write(low >> 8);
        out.write(low);
        out.write(n.length >> 8);
        out.write(n.length);
        out.writeBytes(n);
        out.write(extra.length >> 8);
        out.write(extra.length);
        out.writeBytes(extra);
        return out.toByteArray();
    }

    /** Remembers every buffer it hands out, so tests can check that each was released. */
    static final class TrackingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static <E extends Throwable> E failure(CompletableFuture<?> result, Class<E> type) {
        assertTrue(result.isDone(), "the future is not complete");
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        return assertInstanceOf(type, e.getCause());
    }
}
