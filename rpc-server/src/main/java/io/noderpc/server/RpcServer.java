package io.noderpc.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.core.internal.Transports;
import io.noderpc.server.internal.Acceptor;
import io.noderpc.server.internal.AccessRule;
import io.noderpc.server.internal.DrainEvent;
import io.noderpc.server.internal.InFlightLimiter;
import io.noderpc.server.internal.Rejectable;
import io.noderpc.server.internal.ServerContext;
import io.noderpc.server.internal.ServerInitializer;
import io.noderpc.server.internal.SharedLinks;
import io.noderpc.server.internal.Workers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-link server of a node: listens on the data port, authenticates each connection with the cookie, and
 * runs the calls, casts and mailbox messages of its links on worker threads (gen_rpc's server, acceptors and
 * workers).
 *
 * <pre>{@code
 * try (RpcServer server = RpcServer.builder()
 *         .node("b@127.0.0.1").cookie(Cookie.of(secret))
 *         .bindAddress("127.0.0.1")
 *         .denyServices("admin")
 *         .start()) {
 *     server.services().register("math", new MathService());
 *     int port = server.port();
 *     ...
 * }   // graceful close: in-flight calls finish first
 * }</pre>
 *
 * <p><b>Per link.</b> A connection reaches the {@code Acceptor} only once the client proved the cookie; until then
 * nothing it sends is decoded or executed, and a client silent past {@code authTimeout} is dropped. A call is
 * checked from its header alone (allow/deny-list, service, version, function), then its arguments are decoded and
 * the function runs on a worker; the answer is written from the worker. Errors a caller can get:
 * {@code UnauthorizedException}, {@code NoSuchFunctionException}, {@code IncompatibleException} (version or
 * signature mismatch), {@code CodecException}, {@code RemoteException} (the function threw) and
 * {@code NodeDownException} (the server shut down before running it).
 *
 * <p><b>Bounds.</b> At most {@code RpcOptions.maxInFlightPerConnection} requests per link and
 * {@link RpcServerBuilder#maxInFlightPerServer maxInFlightPerServer} in all are in flight (queued or running, or
 * answered but not yet written); at either bound the server stops reading the link(s) until requests finish, so a
 * flooding client is held back by TCP instead of filling memory. A link whose answers go unread for
 * {@code sendTimeout} is closed; with {@code serverInactivityTimeout} set, a link without calls or casts for that
 * long is closed (pings do not count).
 *
 * <p><b>Shared links.</b> Besides the links it accepts, a running server can serve links that someone else opened,
 * authenticated and owns, such as a node's distribution channel, where both peers are client and server on one
 * connection: {@link #newSharedLinkAcceptor()}.
 *
 * <p><b>Lifecycle.</b> {@link #start()} once; {@link #close()} drains gracefully; {@link #closeNow()} aborts.
 * Thread-safe.
 */
public final class RpcServer implements AutoCloseable {

    /** The default port: 0, an ephemeral one. */
    public static final int DEFAULT_PORT = 0;
    /** The default bound on requests in flight across all links. */
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_SERVER = 16 * 1024;
    /** The default time {@link #close()} waits for requests in flight. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** The default worker pool size where virtual threads are not available. */
    public static final int DEFAULT_PLATFORM_WORKER_THREADS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);
    private static final long DRAIN_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private enum State { NEW, RUNNING, DRAINING, CLOSED }

    private final NodeName node;
    private final Cookie cookie;
    private final Function<NodeName, Cookie> cookieOverride;
    private final InetAddress bindAddress;
    private final int requestedPort;
    private final RpcOptions options;
    private final Codec codec;
    private final ServiceRegistry services;
    private final MailboxRegistry mailboxes;
    private final AccessRule access;
    private final InFlightLimiter limiter;
    private final Executor givenWorkers;
    private final int platformWorkerThreads;
    private final EventLoopGroup sharedGroup;
    private final Duration drainTimeout;
    private final SharedLinks sharedLinks = new SharedLinks();

    private State state = State.NEW;
    private volatile boolean draining;
    private EventLoopGroup group;
    private ExecutorService ownWorkers;
    private ServerContext context;
    private ChannelGroup links;
    private Channel listener;

    RpcServer(RpcServerBuilder b) {
        node = b.node;
        cookie = b.cookie;
        cookieOverride = b.cookieOverride;
        bindAddress = b.bindAddress;
        requestedPort = b.port;
        options = b.options != null ? b.options : RpcOptions.defaults();
        codec = b.codec != null ? b.codec : ForyCodec.create();
        services = b.services != null ? b.services : new ServiceRegistry();
        mailboxes = b.mailboxes != null ? b.mailboxes : new MailboxRegistry();
        access = b.access;
        limiter = new InFlightLimiter(b.maxInFlightPerServer);
        givenWorkers = b.workerExecutor;
        platformWorkerThreads = b.platformWorkerThreads;
        sharedGroup = b.eventLoopGroup;
        drainTimeout = b.drainTimeout;
    }

    /** A builder. */
    public static RpcServerBuilder builder() {
        return new RpcServerBuilder();
    }

    /**
     * Binds the port and starts accepting, logging the effective settings once.
     *
     * @return this server
     * @throws IllegalStateException if it was started or closed before
     * @throws RpcException if the port cannot be bound (e.g. in use); nothing is left running
     */
    public synchronized RpcServer start() {
        if (state != State.NEW) {
            throw new IllegalStateException("server " + node + " was already " + (state == State.CLOSED ? "closed"
                    : "started") + "; build a new one");
        }
        group = sharedGroup != null ? sharedGroup : Transports.newGroup(0, "noderpc-server-" + node.alive(), false);
        Executor workers = givenWorkers;
        if (workers == null) {
            ownWorkers = Workers.newExecutor("noderpc-worker-" + node.alive(), platformWorkerThreads);
            workers = ownWorkers;
        }
        context = new ServerContext(node, cookie, options, codec, services, mailboxes, access, workers, limiter);
        links = new DefaultChannelGroup("noderpc-links-" + node, GlobalEventExecutor.INSTANCE);
        InetSocketAddress address = bindAddress == null ? new InetSocketAddress(requestedPort)
                : new InetSocketAddress(bindAddress, requestedPort);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannelFor(group))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ServerInitializer(context, links, () -> draining, cookieOverride))
                .bind(address)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            state = State.CLOSED;
            releaseResources(false);
            throw new RpcException("node " + node + " cannot listen on " + address + ": " + bound.cause()
                    + "; choose another port, or 0 for an ephemeral one", bound.cause());
        }
        listener = bound.channel();
        state = State.RUNNING;
        log.info("node {} serves RPC on {}: codec={}, workers={}, access={}, maxInFlightPerServer={},"
                + " drainTimeout={}ms, {}", node, listener.localAddress(), codec.name(), describeWorkers(), access,
                limiter.max(), drainTimeout.toMillis(), options.describe());
        return this;
    }

    private String describeWorkers() {
        if (givenWorkers != null) {
            return "given executor";
        }
        return Workers.virtualThreads() ? "virtual threads" : platformWorkerThreads + " platform threads";
    }

    /**
     * The port listened on (the ephemeral one chosen if 0 was asked).
     *
     * @throws IllegalStateException if not started
     */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * The address listened on.
     *
     * @throws IllegalStateException if not started
     */
    public synchronized InetSocketAddress localAddress() {
        if (listener == null) {
            throw new IllegalStateException("server " + node + " is not started");
        }
        return (InetSocketAddress) listener.localAddress();
    }

    /** This node's name. */
    public NodeName node() {
        return node;
    }

    /** The exported services; register and unregister at any time. */
    public ServiceRegistry services() {
        return services;
    }

    /** The mailboxes for ABCAST and SBCAST. */
    public MailboxRegistry mailboxes() {
        return mailboxes;
    }

    /** The codec; register the classes your functions take and return with it (on both nodes). */
    public Codec codec() {
        return codec;
    }

    /** The link options. */
    public RpcOptions options() {
        return options;
    }

    /** Whether it is started and not closing. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * A new acceptor for a link this server did not accept: one someone else opened, authenticates and owns (a
     * node's distribution channel, say, where both peers are client and server on one connection). It serves the
     * link's calls, casts and mailbox messages with this server's services, mailboxes, workers, access rule and
     * in-flight bounds, as on a data link. One acceptor per channel; the server's listener keeps running beside it.
     *
     * <p>Add it to the owner's pipeline after rpc-core's link stages
     * ({@code LinkPipeline.addLinkStages}, with or without ticks), without an executor group, so that it runs on the
     * channel's event loop, and before the handshake completes. Then:
     * <ul>
     *   <li>it activates on {@code HandshakeCompletedEvent} (its peer is the event's peer, whichever side dialed)
     *       and fires the event on, so handlers after it see it too; other user events pass as well;</li>
     *   <li>frames a server does not handle (REPLY, ERROR, SBCAST_REPLY, PONG) and messages that are not frames go
     *       on to the next handler ({@code fireChannelRead}): they are the owner's, or a client's on the same
     *       link; so do exceptions, for the owner to decide on;</li>
     *   <li>it has no inactivity timeout ({@code serverInactivityTimeout} is ignored) and no send stall check: the
     *       channel's liveness is the owner's business;</li>
     *   <li>at the in-flight bounds it pauses reading the channel, as on a data link, until work finishes;</li>
     *   <li>when this server {@linkplain #close() drains} or {@linkplain #closeNow() closes}, it refuses new work
     *       (a call is answered at once with {@code NodeDownException}, a cast dropped) but never closes the
     *       channel, and leaves it reading; calls interrupted or dropped by {@code closeNow()} are answered with
     *       {@code NodeDownException} too. {@code close()} waits for the shared links' work in flight like any;</li>
     *   <li>when the channel closes, the link's work is failed and cleaned up as on a data link; removing the
     *       acceptor from the pipeline also stops it admitting work.</li>
     * </ul>
     * Shared links are not counted by {@link #connections()}.
     *
     * @return a new, not sharable handler
     * @throws IllegalStateException if the server is not running (not started yet, closing or closed)
     */
    public synchronized ChannelHandler newSharedLinkAcceptor() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("server " + node + " is " + (state == State.NEW ? "not started"
                    : "closing or closed") + ": it cannot serve a shared link; start it first");
        }
        return Acceptor.shared(context, sharedLinks);
    }

    /** Connections open now, authenticated or not. */
    public int connections() {
        ChannelGroup l = links;
        return l == null ? 0 : l.size();
    }

    /** Requests in flight now across all links. */
    public int inFlight() {
        return limiter.inFlight();
    }

    /**
     * Closes gracefully: stops accepting connections, stops reading from every link (calls read but not started
     * are answered with {@code NodeDownException}), waits up to the drain timeout for the requests in flight to
     * finish and their answers to be written, then closes the links and releases the server's own threads.
     * Requests still running after the timeout are abandoned as by {@link #closeNow()}. Shared links
     * ({@link #newSharedLinkAcceptor()}) are drained the same way but left open: they refuse new work instead of
     * stopping reading. Blocks; idempotent.
     *
     * @throws IllegalStateException if called from one of the server's event loops, which it would deadlock (a
     *                               function calling it from a worker makes it wait out the drain timeout)
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.NEW) {
                state = State.CLOSED;
            }
            if (state != State.RUNNING) {
                return;
            }
            checkNotOnEventLoop("close()");
            state = State.DRAINING;
            draining = true;
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        listener.close().awaitUninterruptibly();
        List<Future<?>> drained = new ArrayList<>(sharedLinks.drain());
        for (Channel link : links) {
            try {
                drained.add(link.eventLoop().submit(
                        () -> link.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE)));
            } catch (RejectedExecutionException e) {
                link.close(); // its loop is shutting down (a shared group): nothing to drain there
            }
        }
        boolean idle = false;
        try {
            for (Future<?> f : drained) {
                f.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            while (!isClosed()) { // in slices, so that a concurrent closeNow() ends the wait
                long left = deadline - System.nanoTime();
                idle = limiter.awaitIdle(Math.min(left, DRAIN_SLICE_NANOS), TimeUnit.NANOSECONDS);
                if (idle || left <= 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (isClosed()) {
            return; // closeNow() ran meanwhile and released everything
        }
        if (!idle) {
            log.warn("node {}: {} request(s) still in flight after the drain timeout ({} ms); abandoning them", node,
                    limiter.inFlight(), drainTimeout.toMillis());
            context.abort();
        }
        links.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        releaseResources(idle);
        log.info("node {} stopped serving RPC{}", node, idle ? "" : " (drain timed out)");
    }

    /**
     * Closes at once: stops accepting, closes every link, drops queued requests (their callers see the link
     * close) and interrupts running ones if the worker executor is the server's own (a non-blocking service's call
     * running on an event loop is not interrupted: it finishes first). Shared links stay open: they
     * refuse new work, and their dropped or interrupted calls are answered with {@code NodeDownException}. Blocks
     * only to release the server's own threads; idempotent.
     *
     * @throws IllegalStateException if called from one of the server's event loops
     */
    public void closeNow() {
        synchronized (this) {
            if (state == State.NEW) {
                state = State.CLOSED;
            }
            if (state == State.CLOSED) {
                return;
            }
            checkNotOnEventLoop("closeNow()");
            state = State.CLOSED;
            draining = true;
        }
        context.abort();
        listener.close().awaitUninterruptibly();
        sharedLinks.drain(); // never closed: they stop admitting work, on their owners' loops
        links.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        releaseResources(false);
        log.info("node {} stopped serving RPC (closed at once)", node);
    }

    private synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    private void checkNotOnEventLoop(String method) {
        if (group == null) {
            return;
        }
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                throw new IllegalStateException(method + " blocks and cannot be called from the server's own event"
                        + " loop; call it from another thread");
            }
        }
    }

    private void releaseResources(boolean graceful) {
        if (ownWorkers != null) {
            if (graceful) {
                ownWorkers.shutdown();
            } else {
                RejectedExecutionException closed = new RejectedExecutionException("server " + node + " closed");
                for (Runnable unrun : ownWorkers.shutdownNow()) {
                    if (unrun instanceof Rejectable) {
                        ((Rejectable) unrun).rejected(closed);
                    }
                }
            }
        }
        if (sharedGroup == null && group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        Channel l = listener;
        return "RpcServer(" + node + (l == null ? "" : " on " + l.localAddress()) + ")";
    }
}
