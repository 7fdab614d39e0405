package io.noderpc.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.core.frame.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client workers on EmbeddedChannels with a mock clock: a fake connector whose attempts the test completes by hand
 * (each link an EmbeddedChannel holding only the {@link Link} handler, so frames are read and written as objects).
 */
final class WorkerHarness implements LinkConnector, ClientWorker.Listener {

    static final Codec CODEC = ForyCodec.create();
    static final NodeKey B = NodeKey.of("b@127.0.0.1");

    /** One connection attempt. */
    record Attempt(NodeKey key, ChannelHandler link, CompletableFuture<Channel> future) {
    }

    final MockTicker ticker = Ticker.newMockTicker();
    final EmbeddedChannel loopChannel = EmbeddedChannel.builder().ticker(ticker).build();
    final EventLoop loop = loopChannel.eventLoop();
    final List<Attempt> attempts = new ArrayList<>();
    final List<EmbeddedChannel> links = new ArrayList<>();
    final List<ClientWorker> changes = new ArrayList<>();
    final List<ClientWorker> workers = new ArrayList<>();
    final WorkerConfig config;

    WorkerHarness() {
        this(RpcOptions.builder(new Properties()).build(), 100);
    }

    WorkerHarness(RpcOptions options, int maxQueued) {
        this(options, maxQueued, false);
    }

    /** With {@code attached}, links are attached to channels the test owns ({@link #attachTo}). */
    WorkerHarness(RpcOptions options, int maxQueued, boolean attached) {
        this(options, maxQueued, attached, io.noderpc.client.RpcClientBuilder.DEFAULT_MAX_UNSENT_BYTES_PER_LINK);
    }

    /** With a bound on the unsent bytes of one-way requests per link. */
    WorkerHarness(RpcOptions options, int maxQueued, boolean attached, long maxUnsentBytes) {
        config = new WorkerConfig(options, CODEC, Runnable::run, maxQueued, Duration.ofMillis(100),
                Duration.ofSeconds(5), WorkerConfig.DEFAULT_DECODE_INLINE_MAX_BYTES, attached, maxUnsentBytes);
    }

    static RpcOptions.Builder options() {
        return RpcOptions.builder(new Properties());
    }

    ClientWorker worker(NodeKey key) {
        ClientWorker worker = new ClientWorker(key, loop, this, config, this);
        workers.add(worker);
        return worker;
    }

    @Override
    public CompletableFuture<Channel> connect(NodeKey key, EventLoop eventLoop, ChannelHandler link) {
        CompletableFuture<Channel> future = new CompletableFuture<>();
        attempts.add(new Attempt(key, link, future));
        return future;
    }

    @Override
    public void changed(ClientWorker worker) {
        changes.add(worker);
    }

    Attempt lastAttempt() {
        return attempts.get(attempts.size() - 1);
    }

    /** Completes the last attempt with a new link. */
    EmbeddedChannel accept() {
        Attempt attempt = lastAttempt();
        EmbeddedChannel ch = EmbeddedChannel.builder().ticker(ticker).handlers(attempt.link()).build();
        links.add(ch);
        attempt.future().complete(ch);
        return ch;
    }

    /**
     * Completes the last attempt as a {@code LinkAttacher} does: its link goes at the end of {@code ch}'s pipeline,
     * running on the workers' loop (run it with {@link #runPending}).
     */
    EmbeddedChannel attachTo(EmbeddedChannel ch) {
        Attempt attempt = lastAttempt();
        ch.pipeline().addLast(loop, io.noderpc.client.LinkAttacher.stageName(attempt.key()), attempt.link());
        if (!links.contains(ch)) {
            links.add(ch);
        }
        runPending();
        attempt.future().complete(ch);
        runPending();
        return ch;
    }

    /** Moves the clock and runs what became due. */
    void advance(Duration d) {
        ticker.advance(d.toNanos(), TimeUnit.NANOSECONDS);
        runPending();
    }

    void runPending() {
        loopChannel.runPendingTasks();
        loopChannel.runScheduledPendingTasks();
        for (EmbeddedChannel ch : links) {
            ch.runPendingTasks();
            ch.runScheduledPendingTasks();
        }
    }

    /**
     * A request as the engine makes it, already counted on {@code worker}, submitted as one task of the loop; the
     * loop then runs what that task queued (such as the link's flush).
     */
    Request call(ClientWorker worker, String function, Duration timeout, Object... args) {
        Request request = newCall(worker, function, timeout, args);
        worker.acquire();
        worker.submit(request);
        runPending();
        return request;
    }

    /** A call as the engine makes it, not yet counted or submitted. */
    static Request newCall(ClientWorker worker, String function, Duration timeout, Object... args) {
        return new Request(Request.Kind.CALL, "svc", function, encode(args), worker.nanoTime() + timeout.toNanos(),
                timeout.toNanos());
    }

    Request cast(ClientWorker worker, Request.Kind kind, String function, Object... args) {
        Request request = new Request(kind, "svc", function, encode(args), 0, 0);
        worker.acquire();
        worker.submit(request);
        runPending();
        return request;
    }

    static ByteBuf encode(Object value) {
        return CODEC.encode(value, ByteBufAllocator.DEFAULT);
    }

    /** The next outbound frame of {@code ch}; the caller releases it. */
    static Frame sent(EmbeddedChannel ch) {
        Object msg = ch.readOutbound();
        if (msg == null) {
            throw new AssertionError("nothing was sent");
        }
        return (Frame) msg;
    }

    /** Reads and releases every outbound frame of {@code ch}. */
    static List<String> drainSent(EmbeddedChannel ch) {
        List<String> frames = new ArrayList<>();
        for (Object msg; (msg = ch.readOutbound()) != null; ) {
            Frame f = (Frame) msg;
            frames.add(f.type() + (f.function() != null ? ":" + f.function() : "") + "#" + f.id());
            ReferenceCountUtil.release(msg);
        }
        return frames;
    }

    /** Closes the workers (failing and releasing what they hold) and the channels. */
    void finish() {
        for (ClientWorker worker : workers) {
            worker.close(new io.noderpc.core.RpcException("test over"));
        }
        for (EmbeddedChannel ch : links) {
            ch.finishAndReleaseAll();
        }
        loopChannel.finishAndReleaseAll();
    }
}
