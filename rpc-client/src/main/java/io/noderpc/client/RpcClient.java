package io.noderpc.client;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.noderpc.client.internal.ClientEngine;
import io.noderpc.client.internal.EpmdDataPorts;
import io.noderpc.client.internal.StaticDataPorts;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.core.internal.Transports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-channel RPC client: gen_rpc's client side for the JVM. The API is {@link Rpc}'s (calls, casts, async
 * calls, multicalls, broadcasts, stubs); this class adds the lifecycle and {@link #nodeDown}.
 *
 * <pre>{@code
 * try (RpcClient rpc = RpcClient.builder().self("a@127.0.0.1").cookie(Cookie.of("secret")).build()) {
 *     int sum = rpc.call("b@127.0.0.1", "math", "add", 1, 2);
 *     RpcFuture<Integer> later = rpc.withTimeout(Duration.ofSeconds(2)).asyncCall("b@127.0.0.1", "math", "mul", 3, 4);
 *     rpc.orderedCast(NodeKey.of("b@127.0.0.1", "audit"), "log", "append", "started");
 *     int product = later.await();
 * }
 * }</pre>
 *
 * <h2>Links</h2>
 * One TCP connection per {@link NodeKey}, made on its first request: find the data port (static configuration,
 * else EPMD on the node's host), connect, authenticate (mutual cookie proof; the node must be the one named).
 * Connecting never blocks the caller or other links; requests made meanwhile wait, within their deadlines. A link
 * idle for {@code RpcOptions.clientInactivityTimeout} is closed (never while a request is outstanding); pings on an
 * idle link ({@code pingInterval}) do not count as activity, and a link whose ping goes unanswered for another
 * interval is dropped. The next request reconnects.
 *
 * <p>With a {@link RpcClientBuilder#linkAttacher LinkAttacher} the client opens no connection: every link is
 * attached to a channel someone else owns (distribution-channel RPC), never pinged nor closed by the client, which
 * removes it from the channel's pipeline when done.
 *
 * <h2>Bounds</h2>
 * At most {@code RpcOptions.maxInFlightPerConnection} calls and sbcasts await answers per link; further requests
 * wait in the link's queue (at most {@link RpcClientBuilder#maxQueuedPerLink} more, beyond which they fail at once
 * in the caller's thread), so callers feel back-pressure as waiting, bounded by their deadlines. Messages above
 * {@code maxMessageSize} are refused before they are sent.
 *
 * <p>Thread-safe. Close it to close every link: requests still outstanding fail with an
 * {@link io.noderpc.core.RpcException}, and later requests are refused with one.
 */
public final class RpcClient implements Rpc, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcClient.class);

    private final NodeName self;
    private final RpcOptions options;
    private final Codec codec;
    private final ClientEngine engine;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    RpcClient(RpcClientBuilder b) {
        this.self = b.self;
        this.options = b.options != null ? b.options : RpcOptions.defaults();
        this.codec = b.codec != null ? b.codec : ForyCodec.create();
        EventLoopGroup group = b.group;
        if (group == null) {
            group = Transports.newGroup(b.ioThreads, "noderpc-client", true);
            EventLoopGroup owned = group;
            resources.add(() -> owned.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
        }
        java.util.concurrent.Executor executor = b.callbackExecutor;
        if (executor == null) {
            ExecutorService pool = newCallbackPool();
            resources.add(pool::shutdown);
            executor = pool;
        }
        if (b.attacher != null) {
            this.engine = new ClientEngine(b.attacher, options, codec, group, executor, b.maxQueuedPerLink,
                    b.maxUnsentBytesPerLink, b.backoffMin, b.backoffMax);
            log.info("RpcClient {} started ({} codec, links attached by {}): {}", self, codec.name(), b.attacher,
                    options.describe());
            return;
        }
        DataPortResolver discovery = b.resolver;
        if (discovery == null) {
            EpmdDataPorts epmd = new EpmdDataPorts(b.epmdPort, group, executor, options.connectTimeout());
            resources.add(0, epmd);
            discovery = epmd;
        }
        DataPortResolver resolver = b.dataPorts.isEmpty() ? discovery
                : new StaticDataPorts(b.dataPorts, discovery, executor);
        Cookie cookie = b.cookie;
        Map<NodeName, Cookie> nodeCookies = Map.copyOf(b.nodeCookies);
        Function<NodeName, Cookie> override = b.cookieOverride;
        Function<NodeName, Cookie> cookies = node -> {
            Cookie c = override == null ? null : override.apply(node);
            return c != null ? c : nodeCookies.getOrDefault(node, cookie);
        };
        this.engine = new ClientEngine(self, cookies, options, codec, resolver, group,
                Transports.clientChannelFor(group), executor, b.maxQueuedPerLink, b.maxUnsentBytesPerLink,
                b.backoffMin, b.backoffMax);
        log.info("RpcClient {} started ({} codec, {} static data ports): {}", self, codec.name(),
                b.dataPorts.size(), options.describe());
    }

    /** A builder. */
    public static RpcClientBuilder builder() {
        return new RpcClientBuilder();
    }

    /** This node's name. */
    public NodeName self() {
        return self;
    }

    /** The link options. */
    public RpcOptions options() {
        return options;
    }

    /** The value codec: register your classes on it (and on the remote nodes' codecs). */
    public Codec codec() {
        return codec;
    }

    /** {@code RpcOptions.callTimeout}. */
    @Override
    public Duration callTimeout() {
        return options.callTimeout();
    }

    @Override
    public Rpc withTimeout(Duration timeout) {
        return new TimeoutView(timeout);
    }

    @Override
    public <T> RpcFuture<T> asyncCall(NodeKey node, String service, String function, Object... args) {
        return engine.call(node, service, function, args, options.callTimeout());
    }

    @Override
    public void cast(NodeKey node, String service, String function, Object... args) {
        engine.cast(node, false, service, function, args);
    }

    @Override
    public void orderedCast(NodeKey node, String service, String function, Object... args) {
        engine.cast(node, true, service, function, args);
    }

    @Override
    public void abcast(NodeKey node, String mailbox, Object message) {
        engine.cast(node, false, mailbox, null, new Object[] {message});
    }

    @Override
    public RpcFuture<Boolean> sbcastAsync(NodeKey node, String mailbox, Object message) {
        return engine.call(node, mailbox, null, new Object[] {message}, options.sbcastTimeout());
    }

    /**
     * Tells the client that {@code node} is down (the node module calls it when the distribution channel stops
     * hearing from the peer): every request outstanding or waiting for the node, on every key, fails at once with
     * {@link io.noderpc.core.NodeDownException} carrying {@code reason}, and its links close (attached links leave
     * their channel's pipeline instead). The next request to the node tries to connect (or attach) again.
     */
    public void nodeDown(NodeName node, String reason) {
        engine.nodeDown(node, reason);
    }

    /** The links that have a client worker now, connected or not. */
    public Set<NodeKey> links() {
        return engine.links();
    }

    /** The nodes with at least one established link (gen_rpc's {@code nodes()}). */
    public Set<NodeName> nodes() {
        return engine.connectedNodes();
    }

    /**
     * Closes the client. New requests are refused at once; the casts, ordered casts and abcasts accepted before are
     * written first (waiting for their link if need be, at most {@code connectTimeout + sendTimeout}, then the rest
     * is dropped with a warning), so a cast followed by {@code close()} is not lost. Then every link closes (attached
     * links leave their channel's pipeline, the channel stays open) and the client's own threads stop; calls still
     * awaiting an answer fail with an {@link io.noderpc.core.RpcException}. Idempotent; do not call it from one of
     * the client's I/O threads (there it does not wait for casts).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        engine.close();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("RpcClient {}: error while closing {}", self, resource, e);
            }
        }
        log.info("RpcClient {} closed", self);
    }

    @Override
    public String toString() {
        return "RpcClient(" + self + ", " + links().size() + " links)";
    }

    private static ExecutorService newCallbackPool() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("noderpc-client-callback", true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The same client with other call and sbcast timeouts. */
    private final class TimeoutView implements Rpc {
        private final Duration timeout;

        TimeoutView(Duration timeout) {
            ClientEngine.checkTimeout(timeout);
            this.timeout = timeout;
        }

        @Override
        public Duration callTimeout() {
            return timeout;
        }

        @Override
        public Rpc withTimeout(Duration other) {
            return new TimeoutView(other);
        }

        @Override
        public <T> RpcFuture<T> asyncCall(NodeKey node, String service, String function, Object... args) {
            return engine.call(node, service, function, args, timeout);
        }

        @Override
        public void cast(NodeKey node, String service, String function, Object... args) {
            RpcClient.this.cast(node, service, function, args);
        }

        @Override
        public void orderedCast(NodeKey node, String service, String function, Object... args) {
            RpcClient.this.orderedCast(node, service, function, args);
        }

        @Override
        public void abcast(NodeKey node, String mailbox, Object message) {
            RpcClient.this.abcast(node, mailbox, message);
        }

        @Override
        public RpcFuture<Boolean> sbcastAsync(NodeKey node, String mailbox, Object message) {
            return engine.call(node, mailbox, null, new Object[] {message}, timeout);
        }

        @Override
        public String toString() {
            return RpcClient.this + ".withTimeout(" + timeout + ")";
        }
    }
}
