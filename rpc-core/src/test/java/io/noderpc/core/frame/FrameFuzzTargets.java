package io.noderpc.core.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.NoSuchFunctionException;
import io.noderpc.core.fuzz.FuzzTarget;
import io.noderpc.core.fuzz.OutcomeRecorder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fuzz target for the post-handshake decoding path, and its seed inputs. */
public final class FrameFuzzTargets {

    /** Frame decoder, then chunk reassembler (small bounds, so that fuzzing reaches them), then ERROR payloads. */
    public static final FuzzTarget FRAME_DECODER = new FuzzTarget() {
        @Override
        public String name() {
            return "frame-decoder";
        }

        @Override
        public List<String> run(ByteBufAllocator alloc, byte[] input, int pieceSize) {
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.config().setAllocator(alloc);
            OutcomeRecorder recorder = new OutcomeRecorder();
            ch.pipeline().addLast(new FrameDecoder(4096), new ChunkReassembler(16 * 1024, 32 * 1024, 8), recorder);
            OutcomeRecorder.feed(ch, alloc, input, pieceSize);
            ch.finishAndReleaseAll();
            return recorder.outcome();
        }
    };

    private FrameFuzzTargets() {
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** The wire bytes of {@code frames}, as {@link FrameEncoder} writes them. */
    public static byte[] wire(Frame... frames) {
        ByteBuf b = FrameTestSupport.encode(frames);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    /** The parts one after the other. */
    public static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Seed inputs for {@link #FRAME_DECODER}, by file name. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        byte[] each = wire(
                Frame.call(1, "math", "add", 5000, text("1,2")),
                Frame.cast(2, "log", "info", text("hello")),
                Frame.orderedCast(3, "queue", "push", text("x")),
                Frame.reply(1, text("3")),
                Frame.error(4, new RemoteError(ErrorKind.NO_SUCH_FUNCTION, NoSuchFunctionException.class.getName(),
                        "no math:sub/2", "\tat Math.sub(Math.java:1)\n"),
                        io.netty.buffer.UnpooledByteBufAllocator.DEFAULT),
                Frame.abcast(5, "mailbox", text("m")),
                Frame.sbcast(6, "mailbox", text("m")),
                Frame.sbcastReply(6, true),
                Frame.cancel(1),
                Frame.ping(7),
                Frame.pong(7));
        seeds.put("all-types.bin", each);
        seeds.put("call.bin", wire(Frame.call(1, "сервис", "函数", 0, text("args"))));
        Frame header = Frame.call(9, "bulk", "store", 0, Unpooled.EMPTY_BUFFER);
        seeds.put("fragmented.bin", wire(header.firstFragment(10, text("abcd")), Frame.chunk(9, false, text("efg")),
                Frame.ping(1), Frame.chunk(9, true, text("hij"))));
        Frame other = Frame.reply(10, Unpooled.EMPTY_BUFFER);
        seeds.put("interleaved.bin", wire(header.firstFragment(6, text("ab")), other.firstFragment(4, text("x")),
                Frame.chunk(10, true, true, text("yzw")), Frame.chunk(9, true, text("cdef"))));
        Frame request = Frame.call(5, "bulk", "store", 0, Unpooled.EMPTY_BUFFER);
        Frame answer = Frame.reply(5, Unpooled.EMPTY_BUFFER);
        seeds.put("shared-ids.bin", wire(request.firstFragment(5, text("ab")), answer.firstFragment(4, text("x")),
                Frame.chunk(5, true, false, text("y")), Frame.chunk(5, false, true, text("cde")),
                Frame.chunk(5, true, true, text("zw"))));
        seeds.put("error-malformed-payload.bin", wire(Frame.error(3, text("\u0063junk"))));
        seeds.put("message-too-large.bin", wire(header.firstFragment(100_000, text("a"))));
        seeds.put("orphan-chunk.bin", wire(Frame.chunk(77, true, text("zz"))));
        seeds.put("truncated.bin", java.util.Arrays.copyOf(wire(Frame.call(1, "s", "f", 0, text("abcdef"))), 20));
        seeds.put("oversized-length.bin", bytes("00100000 10 00 0000000000000001"));
        seeds.put("unknown-type.bin", bytes("0000000a 7f 00 0000000000000001"));
        seeds.put("reserved-flags.bin", bytes("0000000a 20 40 0000000000000001"));
        seeds.put("answer-flag-on-reply.bin", bytes("0000000b 13 04 0000000000000001 33"));
        seeds.put("bad-utf8.bin", bytes("0000000f 11 00 0000000000000001 02 c328 01 66"));
        seeds.put("handshake-after-handshake.bin", bytes("0000000a 01 00 0000000000000000"));
        seeds.put("many.bin", concat(each, seeds.get("fragmented.bin"), seeds.get("interleaved.bin"),
                seeds.get("shared-ids.bin")));
        return seeds;
    }
}
