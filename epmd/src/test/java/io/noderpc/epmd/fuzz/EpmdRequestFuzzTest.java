package io.noderpc.epmd.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.noderpc.epmd.internal.server.DebugLog;
import io.noderpc.epmd.internal.server.EpmdServerInitializer;
import io.noderpc.epmd.internal.server.NodeRegistry;
import io.noderpc.epmd.internal.server.ServerContext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for everything an EPMD connection reads: arbitrary bytes, split at arbitrary points,
 * into the server pipeline (decoder and handler), on two connections sharing one node table.
 *
 * <p>Invariants: nothing escapes as an exception; a connection either waits for more, holds a
 * registration, or is closed; every reply starts with a tag the protocol defines; the table only
 * holds names of connections still open. The committed inputs under
 * {@code src/test/resources/io/noderpc/epmd/fuzz/EpmdRequestFuzzTestInputs/} replay in every
 * {@code mvn verify}; {@code JAZZER_FUZZ=1 mvn test -Dtest=EpmdRequestFuzzTest -pl epmd} fuzzes.
 */
class EpmdRequestFuzzTest {

    private static final byte[] PORT_HEADER = {0, 0, 0x11, 0x11};

    @FuzzTest(maxDuration = "60s")
    void serverPipeline(FuzzedDataProvider data) {
        NodeRegistry registry = new NodeRegistry(5, () -> 1_000_000L);
        ServerContext context = new ServerContext(registry, () -> 4369, data.consumeBoolean(), Duration.ofSeconds(60),
                16, new DebugLog(0, null), () -> { }, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
        EmbeddedChannel first = new EmbeddedChannel(DefaultChannelId.newInstance(), new EpmdServerInitializer(context));
        EmbeddedChannel second = new EmbeddedChannel(DefaultChannelId.newInstance(), new EpmdServerInitializer(context));
        ByteArrayOutputStream firstReplies = new ByteArrayOutputStream();
        ByteArrayOutputStream secondReplies = new ByteArrayOutputStream();
        try {
            while (data.remainingBytes() > 0) {
                boolean toFirst = data.consumeBoolean();
                EmbeddedChannel target = toFirst ? first : second;
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
                if (target.isOpen()) {
                    target.writeInbound(Unpooled.wrappedBuffer(chunk));
                    collect(target, toFirst ? firstReplies : secondReplies);
                }
            }
            checkReply(firstReplies.toByteArray());
            checkReply(secondReplies.toByteArray());
            for (NodeRegistry.Node node : registry.registeredNodes()) {
                assertTrue(node.channel().isOpen(), "a registration outlived its connection: " + node.name());
            }
        } finally {
            first.finishAndReleaseAll();
            second.finishAndReleaseAll();
        }
        assertEquals(0, registry.size(), "closing both connections must unregister everything");
    }

    private static void collect(EmbeddedChannel ch, ByteArrayOutputStream into) {
        ch.runPendingTasks();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            into.writeBytes(bytes);
        }
    }

    /** A connection answers at most one request, with one of the protocol's replies. */
    private static void checkReply(byte[] r) {
        if (r.length == 0) {
            return;
        }
        String text = new String(r, StandardCharsets.ISO_8859_1);
        boolean ok = switch (r[0]) {
            case 118 -> r.length == 6;
            case 121 -> r.length == 4;
            case 119 -> r.length == 2 ? r[1] == 1 : r.length >= 14 && r[1] == 0;
            case 'O', 'N' -> text.equals("OK") || text.equals("NO") || text.equals("NOEXISTSTOPPED");
            case 'S' -> text.equals("STOPPED");
            case 0 -> Arrays.equals(Arrays.copyOf(r, 4), PORT_HEADER)
                    && text.substring(4).matches("(name [^\\n]* at port \\d+\\n)*"
                    + "|((active name     <[^\\n]*> at port \\d+, fd = \\d+|old/unused name <[^\\n]*>, port = \\d+, fd = \\d+ )\\n\\x00)*");
            default -> false;
        };
        assertTrue(ok, () -> "not a protocol reply: " + Arrays.toString(r));
    }
}
