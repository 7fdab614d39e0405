package io.noderpc.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test class when Netty reports a leaked buffer while it ran.
 *
 * <p>Registered for every test class through {@code META-INF/services} (the testkit's
 * {@code junit-platform.properties} turns extension auto-detection on). Leak detection itself runs
 * at the paranoid level set by the parent pom. After each class the extension collects garbage and
 * allocates, so that leaks of that class are reported before the verdict.
 */
public final class NettyLeakExtension implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LEAKS = new ArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        drainLeaks();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = drainLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) in " + context.getDisplayName()
                    + ":\n" + String.join("\n", leaks));
        }
    }

    static List<String> drainLeaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
            // Detectors report collected leaks when the next buffer is tracked.
            for (int j = 0; j < 64; j++) {
                ByteBuf a = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(1);
                a.release();
                b.release();
            }
        }
        synchronized (LEAKS) {
            List<String> copy = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return copy;
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
            detector.setLeakListener((type, records) -> {
                synchronized (LEAKS) {
                    LEAKS.add("LEAK of " + type + ": " + records);
                }
            });
            return detector;
        }
    }
}
