package io.noderpc.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The writer's chunks, through the wire format, come out of the reassembler as the messages that went in. */
class ChunkRoundTripTest {

    @Test
    void mixedSizesRoundTripThroughTheWire() {
        int chunkSize = 512;
        EmbeddedChannel sender = new EmbeddedChannel(new FrameEncoder(), new ChunkWriter(chunkSize));
        EmbeddedChannel receiver = new EmbeddedChannel(new FrameDecoder(chunkSize + Frame.MAX_HEADER_LENGTH),
                new ChunkReassembler(1 << 20, 1 << 20, 64));
        Random random = new Random(42);
        Map<Long, String> expected = new HashMap<>();
        for (long id = 1; id <= 40; id++) {
            byte[] data = new byte[random.nextInt(3) == 0 ? random.nextInt(5000) : random.nextInt(600)];
            random.nextBytes(data);
            expected.put(id, ByteBufUtil.hexDump(data));
            Frame frame = id % 3 == 0 ? Frame.orderedCast(id, "s", "f", Unpooled.wrappedBuffer(data))
                    : Frame.call(id, "s", "f", id, Unpooled.wrappedBuffer(data));
            sender.write(frame);
            if (id % 5 == 0) {
                sender.flush();
            }
        }
        sender.flush();
        List<Frame> received = new ArrayList<>();
        do {
            sender.runPendingTasks();
            for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
                receiver.writeInbound(b);
            }
            for (Frame f; (f = receiver.readInbound()) != null; ) {
                received.add(f);
            }
        } while (sender.hasPendingTasks());
        assertEquals(expected.size(), received.size());
        long lastOrdered = 0;
        for (Frame f : received) {
            assertEquals(expected.get(f.id()), ByteBufUtil.hexDump(f.content()), "message " + f.id());
            if (f.type() == FrameType.ORDERED_CAST) {
                assertEquals(true, f.id() > lastOrdered, "ordered casts in order");
                lastOrdered = f.id();
            }
        }
        FrameTestSupport.releaseAll(received);
        assertFalse(sender.finish());
        assertFalse(receiver.finish());
    }

    @Test
    void aRequestAndAnAnswerWithTheSameIdInterleaveOnOneStream() {
        // a shared link: this side's CALL 5 and its REPLY to the peer's CALL 5 leave through one writer
        EmbeddedChannel sender = new EmbeddedChannel(new FrameEncoder(), new ChunkWriter(100));
        EmbeddedChannel receiver = new EmbeddedChannel(new FrameDecoder(100 + Frame.MAX_HEADER_LENGTH),
                new ChunkReassembler(1 << 20, 1 << 20, 64));
        byte[] call = new byte[1000];
        byte[] reply = new byte[1000];
        new Random(7).nextBytes(call);
        new Random(8).nextBytes(reply);
        sender.write(Frame.call(5, "s", "f", 0, Unpooled.wrappedBuffer(call)));
        sender.write(Frame.reply(5, Unpooled.wrappedBuffer(reply)));
        sender.flush();
        List<Frame> received = new ArrayList<>();
        do {
            sender.runPendingTasks();
            for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
                receiver.writeInbound(b);
            }
            for (Frame f; (f = receiver.readInbound()) != null; ) {
                received.add(f);
            }
        } while (sender.hasPendingTasks());
        assertEquals(2, received.size());
        Frame gotCall = received.get(0).type() == FrameType.CALL ? received.get(0) : received.get(1);
        Frame gotReply = received.get(0).type() == FrameType.REPLY ? received.get(0) : received.get(1);
        assertEquals(FrameType.CALL, gotCall.type());
        assertEquals(FrameType.REPLY, gotReply.type());
        assertEquals(ByteBufUtil.hexDump(call), ByteBufUtil.hexDump(gotCall.content()));
        assertEquals(ByteBufUtil.hexDump(reply), ByteBufUtil.hexDump(gotReply.content()));
        FrameTestSupport.releaseAll(received);
        assertFalse(sender.finish());
        assertFalse(receiver.finish());
    }
}
