package io.noderpc.client.internal;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.noderpc.client.DataPortResolver;
import io.noderpc.client.LinkAttacher;
import io.noderpc.client.RpcFuture;
import io.noderpc.core.CodecException;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.frame.Frame;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Turns API calls into requests of client workers: validates names, encodes values on the caller's thread, picks
 * the worker through the {@link Dispatcher}, and hands the request over. The public {@code RpcClient} and its
 * timeout views are thin shells over it.
 */
public final class ClientEngine implements AutoCloseable {

    private static final Object[] NO_ARGS = new Object[0];
    /** The longest timeout: what a CALL frame can carry (2^32-1 ms), rounded down to days. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(49);

    private final RpcOptions options;
    private final WorkerConfig config;
    private final Codec codec;
    private final Executor callbackExecutor;
    private final Dispatcher dispatcher;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    /**
     * @param self this node
     * @param cookies the cookie to prove to each node
     * @param options link options
     * @param codec encodes arguments and decodes results
     * @param resolver finds data ports
     * @param group the event loops links run on
     * @param channelClass the socket channel class of {@code group}'s transport
     * @param callbackExecutor runs future callbacks and large decodes off the event loops
     * @param maxQueued requests a link may hold waiting
     * @param maxUnsentBytes encoded bytes of one-way requests a link may hold unwritten
     * @param backoffMin first reconnection delay
     * @param backoffMax longest reconnection delay
     */
    public ClientEngine(NodeName self, Function<NodeName, Cookie> cookies, RpcOptions options, Codec codec,
                        DataPortResolver resolver, EventLoopGroup group, Class<? extends SocketChannel> channelClass,
                        Executor callbackExecutor, int maxQueued, long maxUnsentBytes, Duration backoffMin,
                        Duration backoffMax) {
        this(new NettyLinkConnector(self, cookies, options, resolver, channelClass), group,
                new WorkerConfig(options, codec, callbackExecutor, maxQueued, backoffMin, backoffMax,
                        WorkerConfig.DEFAULT_DECODE_INLINE_MAX_BYTES, false, maxUnsentBytes),
                Ticker.systemTicker(), Scheduler.systemScheduler());
    }

    /**
     * A client whose links are attached to channels someone else owns, by {@code attacher}, instead of connections
     * of its own.
     *
     * @param attacher gives the links
     * @param options link options
     * @param codec encodes arguments and decodes results
     * @param group the event loops client workers (and their links) run on
     * @param callbackExecutor runs future callbacks and large decodes off the event loops
     * @param maxQueued requests a link may hold waiting
     * @param maxUnsentBytes encoded bytes of one-way requests a link may hold unwritten
     * @param backoffMin first delay after a failed attachment
     * @param backoffMax longest delay after failed attachments
     */
    public ClientEngine(LinkAttacher attacher, RpcOptions options, Codec codec, EventLoopGroup group,
                        Executor callbackExecutor, int maxQueued, long maxUnsentBytes, Duration backoffMin,
                        Duration backoffMax) {
        this(new AttachedLinkConnector(Objects.requireNonNull(attacher, "attacher")), group,
                new WorkerConfig(options, codec, callbackExecutor, maxQueued, backoffMin, backoffMax,
                        WorkerConfig.DEFAULT_DECODE_INLINE_MAX_BYTES, true, maxUnsentBytes),
                Ticker.systemTicker(), Scheduler.systemScheduler());
    }

    ClientEngine(LinkConnector connector, EventLoopGroup group, WorkerConfig config, Ticker ticker,
                 Scheduler scheduler) {
        this.options = config.options();
        this.config = config;
        this.codec = config.codec();
        this.callbackExecutor = config.callbackExecutor();
        Dispatcher[] self = new Dispatcher[1];
        ClientWorker.Listener listener = worker -> self[0].refresh(worker);
        this.dispatcher = new Dispatcher(key -> new ClientWorker(key, group.next(), connector, config, listener),
                options.clientInactivityTimeout(), ticker, scheduler, callbackExecutor);
        self[0] = dispatcher;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** A call, or an sbcast when {@code function} is {@code null} (then {@code args[0]} is the message). */
    public <T> RpcFuture<T> call(NodeKey node, String service, String function, Object[] args, Duration timeout) {
        Objects.requireNonNull(node, "node");
        checkTimeout(timeout);
        boolean sbcast = function == null;
        Request.Kind kind = sbcast ? Request.Kind.SBCAST : Request.Kind.CALL;
        checkNames(kind, service, function);
        String what = kind.label + " " + (sbcast ? "mailbox '" + service + "'" : service + ":" + function);
        ByteBuf payload;
        ClientWorker worker;
        try {
            payload = encode(sbcast ? args[0] : args == null ? NO_ARGS : args, what);
            worker = acquire(node, payload, false);
        } catch (RpcException e) {
            return CallFuture.failed(node, what, e, callbackExecutor);
        }
        long timeoutNanos = timeout.toNanos();
        Request request = new Request(kind, service, function, payload, worker.nanoTime() + timeoutNanos,
                timeoutNanos);
        CallFuture<T> future = new CallFuture<>(node, what, request.result, System.nanoTime() + timeoutNanos,
                callbackExecutor, () -> worker.cancel(request));
        worker.submit(request);
        return future;
    }

    /**
     * A cast, ordered cast or abcast ({@code function} {@code null}: {@code args[0]} is the message for the
     * mailbox {@code service}).
     *
     * @throws CodecException if the values cannot be encoded
     * @throws RpcException if the client is closed, or the link holds too many requests
     */
    public void cast(NodeKey node, boolean ordered, String service, String function, Object[] args) {
        Objects.requireNonNull(node, "node");
        Request.Kind kind = function == null ? Request.Kind.ABCAST
                : ordered ? Request.Kind.ORDERED_CAST : Request.Kind.CAST;
        checkNames(kind, service, function);
        ByteBuf payload = encode(function == null ? args[0] : args == null ? NO_ARGS : args,
                kind.label + " " + service + (function == null ? "" : ":" + function));
        int size = payload.readableBytes();
        ClientWorker worker = acquire(node, payload, true);
        Request request = new Request(kind, service, function, payload, 0, 0);
        request.reserveUnsent(size);
        worker.submit(request);
    }

    /**
     * The worker of {@code node} with one more request counted, and for a {@code oneWay} request its bytes counted
     * as unsent; or an exception (payload released).
     */
    private ClientWorker acquire(NodeKey node, ByteBuf payload, boolean oneWay) {
        ClientWorker worker;
        try {
            worker = dispatcher.acquire(node);
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
        if (worker.isOverloaded()) {
            worker.unacquire();
            payload.release();
            throw new RpcException("too many requests for " + node + ": " + config.maxInFlight()
                    + " in flight and " + config.maxQueued() + " waiting (maxInFlightPerConnection,"
                    + " maxQueuedPerLink); slow down, or spread the load over keyed links");
        }
        int size = payload.readableBytes();
        if (oneWay && !worker.reserveUnsent(size)) {
            worker.unacquire();
            payload.release();
            throw new RpcException("too many bytes waiting for " + node + ": " + worker.unsentBytes()
                    + " bytes of casts not yet written, and this one adds " + size + " (maxUnsentBytesPerLink "
                    + config.maxUnsentBytes() + "); slow down, or spread the load over keyed links");
        }
        return worker;
    }

    private ByteBuf encode(Object value, String what) {
        ByteBuf payload;
        try {
            payload = codec.encode(value, alloc);
        } catch (CodecException e) {
            throw new CodecException("cannot encode the arguments of " + what + ": " + e.getMessage(), e);
        }
        if (payload.readableBytes() > options.maxMessageSize()) {
            int size = payload.readableBytes();
            payload.release();
            throw new CodecException("the arguments of " + what + " encode to " + size + " bytes, above"
                    + " maxMessageSize (" + options.maxMessageSize() + " bytes); send less, or raise"
                    + " noderpc.maxMessageSize on both nodes");
        }
        return payload;
    }

    private static void checkNames(Request.Kind kind, String service, String function) {
        switch (kind) {
            case CALL:
            case CAST:
            case ORDERED_CAST:
                Frame.cast(0, service, function, Unpooled.EMPTY_BUFFER);
                break;
            default:
                Frame.abcast(0, service, Unpooled.EMPTY_BUFFER);
        }
    }

    public static void checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most " + MAX_TIMEOUT.toDays()
                    + " days: " + timeout);
        }
    }

    /** See {@link Dispatcher#nodeDown}. */
    public void nodeDown(NodeName node, String reason) {
        dispatcher.nodeDown(node, reason);
    }

    /** The links that have a worker, linked or not. */
    public Set<NodeKey> links() {
        return dispatcher.keys();
    }

    /** The nodes with at least one established link. */
    public Set<NodeName> connectedNodes() {
        Set<NodeName> nodes = new LinkedHashSet<>();
        for (ClientWorker worker : dispatcher.workers()) {
            if (worker.state() == ClientWorker.State.CONNECTED) {
                nodes.add(worker.key().node());
            }
        }
        return Set.copyOf(nodes);
    }

    @Override
    public void close() {
        dispatcher.closeGracefully(options.connectTimeout().plus(options.sendTimeout()));
    }
}
