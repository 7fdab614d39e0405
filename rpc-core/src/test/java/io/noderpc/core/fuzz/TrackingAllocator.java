package io.noderpc.core.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator that remembers every buffer it hands out, so that a test can check deterministically that
 * all of them were released (Netty's own leak detector reports only after garbage collection).
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return track(super.compositeHeapBuffer(maxNumComponents));
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return track(super.compositeDirectBuffer(maxNumComponents));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private synchronized <T extends ByteBuf> T track(T buf) {
        allocated.add(buf);
        return buf;
    }

    /** How many buffers were allocated. */
    public synchronized int allocations() {
        return allocated.size();
    }

    /**
     * Throws if a buffer is still referenced.
     *
     * @throws AssertionError naming how many buffers leaked and the first one
     */
    public synchronized void assertAllReleased() {
        List<ByteBuf> leaked = new ArrayList<>();
        for (ByteBuf buf : allocated) {
            if (buf.refCnt() != 0) {
                leaked.add(buf);
            }
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError(leaked.size() + " of " + allocated.size() + " buffers not released, e.g. "
                    + leaked.get(0) + " refCnt=" + leaked.get(0).refCnt());
        }
    }
}
