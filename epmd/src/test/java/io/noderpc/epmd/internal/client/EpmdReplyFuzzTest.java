package io.noderpc.epmd.internal.client;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdException;
import io.noderpc.epmd.EpmdProtocolException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for everything the EPMD client reads from a daemon: the one-shot reply parsers
 * (PORT2, NAMES, DUMP, KILL, STOP), fed arbitrary bytes in arbitrary pieces, and the registration
 * handler. The only failure a reply may cause is {@link EpmdProtocolException}; a parser asked at
 * end of stream always decides. Committed inputs replay in {@code mvn verify}.
 */
class EpmdReplyFuzzTest {

    private static final List<ReplyParser<?>> PARSERS = List.of(ReplyParsers.port2(), ReplyParsers.names(),
            ReplyParsers.dump(), ReplyParsers.kill(), ReplyParsers.stop());

    @FuzzTest(maxDuration = "60s")
    void replies(FuzzedDataProvider data) {
        ReplyParser<?> parser = PARSERS.get(data.consumeInt(0, PARSERS.size() - 1));
        boolean registration = data.consumeBoolean();
        byte[] reply = data.consumeRemainingAsBytes();
        if (registration) {
            registration(reply);
            return;
        }
        ByteBuf received = Unpooled.buffer();
        try {
            for (int i = 0; i < reply.length; i++) {
                received.writeByte(reply[i]);
                if (parse(parser, received, false)) {
                    return;
                }
            }
            parse(parser, received, true);
        } finally {
            received.release();
        }
    }

    /** True when the parser decided (a value or a protocol error). */
    private static boolean parse(ReplyParser<?> parser, ByteBuf received, boolean eof) {
        int readerIndex = received.readerIndex();
        try {
            Object value = parser.parse(received.duplicate(), eof);
            if (eof) {
                assertNotNull(value, "a parser must decide at end of stream");
            }
            return value != null;
        } catch (EpmdProtocolException expected) {
            return true;
        } finally {
            assertTrue(received.readerIndex() == readerIndex, "the parser moved the caller's buffer");
        }
    }

    private static void registration(byte[] reply) {
        CompletableFuture<Registered> result = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new RegistrationHandler(RequestEncoder.alive2(EpmdEntry.of("fuzz", 1)), "fuzz",
                result, 10_000));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(reply));
            ch.close();
            assertTrue(result.isDone(), "a registration must be decided once the connection closed");
            try {
                result.get();
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof EpmdException, () -> "unexpected failure " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
