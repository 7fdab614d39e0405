package io.noderpc.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import java.util.concurrent.atomic.AtomicInteger;

/** A ForyCodec that counts the payloads handed to it for decoding. */
public final class CountingCodec implements Codec {

    public final ForyCodec delegate = ForyCodec.create();
    public final AtomicInteger decodes = new AtomicInteger();

    @Override
    public String name() {
        return "counting-fory";
    }

    @Override
    public Codec register(Class<?>... types) {
        delegate.register(types);
        return this;
    }

    @Override
    public boolean isRegistered(Class<?> type) {
        return delegate.isRegistered(type);
    }

    @Override
    public ByteBuf encode(Object value, ByteBufAllocator alloc) {
        return delegate.encode(value, alloc);
    }

    @Override
    public Object decode(ByteBuf payload) {
        decodes.incrementAndGet();
        return delegate.decode(payload);
    }
}
