package io.noderpc.epmd.internal.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.epmd.EpmdDuplicateNameException;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdProtocolException;
import io.noderpc.epmd.EpmdRegistrationException;
import io.noderpc.epmd.EpmdTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.noderpc.epmd.internal.client.OneShotRequestHandlerTest.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrationHandlerTest {

    private static final long TIMEOUT_MILLIS = 10_000;
    private static final byte[] REQUEST = RequestEncoder.alive2(EpmdEntry.of("foo", 5370));

    private final List<ByteBuf> written = new ArrayList<>();
    private final CompletableFuture<Registered> result = new CompletableFuture<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void connect() {
        channel = new EmbeddedChannel();
        channel.freezeTime(); // before the handler schedules its timeout
        channel.pipeline().addLast(new RegistrationHandler(REQUEST, "foo", result, TIMEOUT_MILLIS));
        ByteBuf sent = channel.readOutbound();
        assertArrayEquals(REQUEST, ByteBufUtil.getBytes(sent));
        sent.release();
    }

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
        for (ByteBuf buf : written) {
            assertEquals(0, buf.refCnt(), "an inbound buffer was not released");
        }
    }

    @Test
    void extendedReplyInFragmentsGivesA32BitCreation() throws Exception {
        feed(118);
        feed(0, 0x6b);
        feed(0x02, 0x49);
        assertFalse(result.isDone());
        feed(0xb2);

        Registered registered = result.get();
        assertEquals(0x6b0249b2, registered.creation());
        assertSame(channel, registered.channel());
        assertTrue(channel.isOpen(), "the registration lives as long as the connection");
    }

    @Test
    void creationAbove2To31IsKeptAsItsBitPattern() throws Exception {
        feed(118, 0, 0xff, 0xff, 0xff, 0xfe);

        assertEquals(0xfffffffeL, Integer.toUnsignedLong(result.get().creation()));
    }

    @Test
    void shortReplyGivesA16BitCreation() throws Exception {
        feed(121, 0, 0);
        feed(3);

        assertEquals(3, result.get().creation());
        assertTrue(channel.isOpen());
    }

    @Test
    void nothingIsEverWrittenAfterTheRequest() throws Exception {
        feed(121, 0, 0, 2);
        feed(1, 2, 3); // a daemon chattering after the reply is ignored
        channel.runPendingTasks();

        assertEquals(2, result.get().creation());
        assertNull(channel.readOutbound(), "any byte on the registration socket would unregister the name");
        assertTrue(channel.isOpen());
    }

    @Test
    void resultOneIsADuplicateName() {
        feed(118, 1, 0, 0, 0, 99);

        EpmdDuplicateNameException e = failure(result, EpmdDuplicateNameException.class);
        assertEquals("foo", e.nodeName());
        assertEquals(1, e.result());
        assertTrue(e.getMessage().contains("in use by another node"), e.getMessage());
        assertFalse(channel.isOpen(), "a refused registration's connection is closed");
    }

    @Test
    void otherNonZeroResultsAreRegistrationErrors() {
        feed(121, 7, 0, 99);

        EpmdRegistrationException e = failure(result, EpmdRegistrationException.class);
        assertFalse(e instanceof EpmdDuplicateNameException);
        assertEquals(7, e.result());
    }

    @Test
    void aReplyLongerThanItsTagAllowsIsAProtocolError() {
        feed(121, 0, 0, 3, 0);

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("longer than 4 bytes"), e.getMessage());
        assertArrayEquals(new byte[] {121, 0, 0, 3, 0}, e.reply());
        assertFalse(channel.isOpen());
    }

    @Test
    void anUnknownTagIsAProtocolError() {
        feed(119, 0);

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("reply tag 119"), e.getMessage());
    }

    @Test
    void closeBeforeTheReplyIsAProtocolError() {
        feed(118, 0, 0);
        channel.close();

        EpmdProtocolException e = failure(result, EpmdProtocolException.class);
        assertTrue(e.getMessage().contains("closed the connection before the reply"), e.getMessage());
        assertArrayEquals(new byte[] {118, 0, 0}, e.reply());
    }

    @Test
    void noReplyWithinTheTimeoutFailsAndCloses() {
        channel.advanceTimeBy(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertInstanceOf(EpmdTimeoutException.class, failure(result, EpmdTimeoutException.class));
        assertFalse(channel.isOpen());
    }

    @Test
    void theTimeoutIsCancelledByTheReply() throws Exception {
        feed(118, 0, 0, 0, 0, 5);
        channel.advanceTimeBy(2 * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertEquals(5, result.get().creation());
        assertTrue(channel.isOpen());
    }

    private void feed(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        ByteBuf buf = Unpooled.copiedBuffer(array);
        written.add(buf);
        channel.writeInbound(buf);
    }
}
