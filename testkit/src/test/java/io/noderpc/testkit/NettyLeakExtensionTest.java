package io.noderpc.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NettyLeakExtensionTest {

    @Test
    void aBufferDroppedWithoutReleaseIsReported() {
        NettyLeakExtension.drainLeaks();
        leak();
        await().until(() -> {
            List<String> leaks = NettyLeakExtension.drainLeaks();
            return !leaks.isEmpty() && leaks.get(0).startsWith("LEAK of");
        });
    }

    @Test
    void releasedBuffersAreNotReported() {
        NettyLeakExtension.drainLeaks();
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
        b.writeInt(1);
        b.release();
        assertTrue(NettyLeakExtension.drainLeaks().isEmpty());
    }

    private static void leak() {
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
        b.writeInt(42);
    }
}
