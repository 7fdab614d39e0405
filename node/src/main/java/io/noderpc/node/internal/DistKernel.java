package io.noderpc.node.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.noderpc.client.LinkAttacher;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.Cookie;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.handshake.ClientHandshakeHandler;
import io.noderpc.core.handshake.HandshakeHandler;
import io.noderpc.core.handshake.ServerHandshakeHandler;
import io.noderpc.node.NodeEvent;
import io.noderpc.node.NodeSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distribution channel of a node, as Erlang's {@code net_kernel}: one connection per peer on the
 * EPMD-registered port, authenticated with rpc-core's handshake, kept alive by ticks ({@link DistConnection}),
 * introduced to each other's peers for a full mesh, and watched by node monitors.
 *
 * <p>Pipeline of every distribution connection, inbound and outbound alike:
 * <pre>
 *  activity           stamps every arrival (tick detection)
 *  handshakeDecoder .. handshake   rpc-core's link stages; empty frames are ticks and are dropped
 *  dist               DistConnection: handshake outcome, introduction, ticks
 *  acceptor           the data server's shared acceptor: serves distribution-channel RPC from the peer
 *  link               (attached on first use) the distribution-channel RPC client's link to the peer
 * </pre>
 *
 * <p>Two nodes connecting to each other at once: the connection opened by the node with the smaller name wins on
 * both sides, and the other is closed quietly, before it is up on either side, so nothing is ever sent on a
 * connection that then loses. A node receiving a connection while it dials the same peer refuses it at once when its
 * own wins; a node whose connection the peer refused after authenticating it waits (connectTimeout + authTimeout)
 * for the peer's connection instead of failing its callers. A connection counts as up only once each side has kept
 * it and introduced itself on it; after that a later duplicate always loses, so an up connection is never
 * replaced without its nodedown. All state changes happen under this object's lock; events go to monitors in order
 * on one thread.
 */
public final class DistKernel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DistKernel.class);

    /** Name of the stage stamping arrivals. */
    public static final String ACTIVITY = "activity";
    /** Name of the kernel's stage. */
    public static final String DIST = "dist";
    /** Name of the shared acceptor's stage. */
    public static final String ACCEPTOR = "acceptor";

    private final NodeSettings settings;
    private final NodeName self;
    private final RpcOptions options;
    private final Codec codec;
    private final Supplier<ChannelHandler> acceptors;
    private final EventLoopGroup group;
    private final ExecutorService events;
    private final ExecutorService blocking;
    private final PeerLookup lookup;
    private final Map<NodeName, Cookie> cookies = new ConcurrentHashMap<>();
    private final Map<NodeName, DistConnection> connections = new HashMap<>();
    private final Map<NodeName, CompletableFuture<DistConnection>> connecting = new HashMap<>();
    /** The peers this node is dialling (an outbound connection attempt not yet up or failed). */
    private final Set<NodeName> dialing = new java.util.HashSet<>();
    /** The peers announced up to monitors and not yet down: a connection replacing another is not news. */
    private final Set<NodeName> announced = new java.util.HashSet<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final Map<NodeName, List<Consumer<NodeEvent>>> nodeWatchers = new HashMap<>();
    private final List<BiConsumer<NodeName, String>> downHooks = new CopyOnWriteArrayList<>();
    private final AtomicLong sendIds = new AtomicLong();
    private DistListener listener;
    private boolean closed;

    private record Watcher(Consumer<NodeEvent> listener, boolean hidden) {
    }

    /**
     * @param acceptors makes the shared acceptor of each connection (serving distribution-channel RPC)
     */
    public DistKernel(NodeSettings settings, Codec codec, Supplier<ChannelHandler> acceptors) {
        this.settings = settings;
        this.self = settings.name();
        this.options = settings.options();
        this.codec = codec;
        this.acceptors = acceptors;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("noderpc-dist-" + self.alive(),
                true), NioIoHandler.newFactory());
        this.events = Executors.newSingleThreadExecutor(new DefaultThreadFactory("noderpc-nodeevents-"
                + self.alive(), true));
        this.blocking = Executors.newCachedThreadPool(new DefaultThreadFactory("noderpc-kernel-" + self.alive(),
                true));
        this.lookup = new PeerLookup(settings.epmdPort(), group, blocking, options.connectTimeout());
    }

    /** Binds the listener on the first free port of the settings' range; see {@link DistListener#bind}. */
    public int bind() {
        listener = DistListener.bind(self, settings.distInterface(), settings.distPorts(), group,
                new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        initPipeline(ch.pipeline(), new ServerHandshakeHandler(self, settings.cookie(),
                                cookies::get, options.authTimeout()), false, null);
                    }
                });
        return listener.port();
    }

    private DistConnection initPipeline(ChannelPipeline pipeline, HandshakeHandler handshake, boolean outbound,
                                        NodeName target) {
        DistConnection connection = new DistConnection(this, outbound, target, settings.tickTime().toNanos());
        pipeline.addLast(ACTIVITY, connection.activity());
        LinkPipeline.addLinkStages(pipeline, options, handshake, true);
        pipeline.addLast(DIST, connection);
        pipeline.addLast(ACCEPTOR, acceptors.get());
        return connection;
    }

    /** The event loops of the distribution connections (one thread). */
    public EventLoopGroup group() {
        return group;
    }

    NodeName self() {
        return self;
    }

    /** Whether this node is hidden: then every connection of it counts as hidden. */
    boolean hidden() {
        return settings.hidden();
    }

    /** The listener's port. */
    public int port() {
        return listener.port();
    }

    /** Runs {@code hook} with the node and the reason whenever a connection goes down (before monitors hear). */
    public void onNodeDown(BiConsumer<NodeName, String> hook) {
        downHooks.add(hook);
    }

    /** Looks {@code node} up in the EPMD of its host. */
    public CompletableFuture<PeerLookup.Peer> lookup(NodeName node) {
        return lookup.lookup(node);
    }

    // ------------------------------------------------------------------ connecting

    /**
     * The connection to {@code node}, connecting when there is none (EPMD lookup, connect, handshake,
     * introduction). Fails with {@link ConnectFailedException}, {@code BadNodeException} (not a noderpc node),
     * {@code AuthenticationFailedException} or a timeout.
     */
    public CompletableFuture<DistConnection> connect(NodeName node) {
        if (node.equals(self)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(self + " cannot connect to itself"));
        }
        CompletableFuture<DistConnection> result;
        boolean start = false;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new ConnectFailedException("node " + self + " is closed"));
            }
            DistConnection existing = connections.get(node);
            if (existing != null && existing.state() == DistConnection.State.UP) {
                return CompletableFuture.completedFuture(existing);
            }
            if (existing != null && existing.state() == DistConnection.State.CLOSED) {
                existing = null; // closing: its onClosed is on its way; dial anew
            }
            result = connecting.get(node);
            if (result == null) {
                result = new CompletableFuture<>();
                connecting.put(node, result);
                start = existing == null;
                if (start) {
                    dialing.add(node);
                }
            }
        }
        if (start) {
            CompletableFuture<DistConnection> waiter = result;
            lookup.lookup(node).thenCompose(peer -> open(peer)).whenComplete((connection, failure) -> {
                synchronized (this) {
                    dialing.remove(node);
                }
                if (failure != null) {
                    connectFailed(node, waiter, unwrap(failure));
                }
            });
        }
        return result;
    }

    /** Nanoseconds since anything arrived from {@code node}, or -1 when not connected. */
    public long silenceNanos(NodeName node) {
        DistConnection c = connection(node);
        return c == null ? -1 : c.silenceNanos();
    }

    /** The connection to {@code node} when it is up, else {@code null}. */
    public synchronized DistConnection connection(NodeName node) {
        DistConnection c = connections.get(node);
        return c != null && c.state() == DistConnection.State.UP ? c : null;
    }

    private CompletableFuture<DistConnection> open(PeerLookup.Peer peer) {
        NodeName node = peer.node();
        Cookie cookie = cookieFor(node);
        ClientHandshakeHandler handshake = new ClientHandshakeHandler(self, cookie, NodeKey.of(node),
                options.authTimeout());
        DistConnection[] made = new DistConnection[1];
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        made[0] = initPipeline(ch.pipeline(), handshake, true, node);
                    }
                });
        CompletableFuture<DistConnection> result = new CompletableFuture<>();
        ChannelFuture connected = bootstrap.connect(peer.dist());
        connected.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new ConnectFailedException("cannot connect to the distribution port of "
                        + node + " at " + peer.dist().getHostString() + ":" + peer.distPort() + ": " + f.cause(),
                        f.cause()));
                return;
            }
            handshake.handshakeFuture().whenComplete((event, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(unwrap(failure));
                }
            });
            made[0].upFuture().whenComplete((c, failure) -> {
                if (failure != null) {
                    Throwable cause = unwrap(failure);
                    CompletableFuture<?> hs = handshake.handshakeFuture();
                    boolean authenticated = hs.isDone() && !hs.isCompletedExceptionally();
                    result.completeExceptionally(authenticated ? new ClosedBeforeUpException(cause) : cause);
                } else {
                    result.complete(c);
                }
            });
        });
        return result;
    }

    private void connectFailed(NodeName node, CompletableFuture<DistConnection> waiter, Throwable failure) {
        List<Consumer<NodeEvent>> toTell;
        synchronized (this) {
            if (connections.get(node) != null) {
                return; // an inbound connection from the node came up or is coming: it completes the waiter
            }
            if (failure instanceof ClosedBeforeUpException && !closed && connecting.get(node) == waiter
                    && node.toString().compareTo(self.toString()) < 0) {
                // The peer took our connection, then dropped it: it is dialling us at the same time, and its
                // connection wins (it has the smaller name). Wait for that one rather than fail.
                long grace = options.connectTimeout().toNanos() + options.authTimeout().toNanos();
                group.next().schedule(() -> rivalDidNotCome(node, waiter, failure), grace, TimeUnit.NANOSECONDS);
                return;
            }
            if (connecting.get(node) == waiter) {
                connecting.remove(node);
            }
            toTell = nodeWatchers.remove(node);
        }
        waiter.completeExceptionally(failure);
        if (toTell != null) {
            NodeEvent down = NodeEvent.down(node, false, "connect_failed: " + failure.getMessage());
            events.execute(() -> toTell.forEach(w -> deliver(w, down)));
        }
    }

    /** A connect that lost a simultaneous connect waited for the peer's connection in vain: it fails now. */
    private void rivalDidNotCome(NodeName node, CompletableFuture<DistConnection> waiter, Throwable failure) {
        synchronized (this) {
            if (connecting.get(node) != waiter || connections.get(node) != null) {
                return; // completed meanwhile, or a connection from the node is on its way and decides
            }
        }
        connectFailed(node, waiter, failure.getCause() != null ? failure.getCause() : failure);
    }

    /** An outbound connection the peer authenticated, then closed before it was up. */
    private static final class ClosedBeforeUpException extends ConnectFailedException {
        private static final long serialVersionUID = 1L;

        ClosedBeforeUpException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    // ------------------------------------------------------------------ connection life cycle (event loop)

    /** The handshake of {@code c} succeeded: keep it, or close it when another connection to the peer wins. */
    boolean onAuthenticated(DistConnection c) {
        NodeName peer = c.peer();
        DistConnection loser;
        synchronized (this) {
            if (closed) {
                loser = c;
            } else {
                DistConnection existing = connections.get(peer);
                if (existing == null || existing.state() == DistConnection.State.CLOSED) {
                    if (!c.outbound() && dialing.contains(peer) && wins(true, peer)) {
                        // a simultaneous connect: the peer will take ours, which wins; refuse theirs now, before
                        // anything travels on it (the peer waits for ours)
                        loser = c;
                    } else {
                        connections.put(peer, c);
                        loser = null;
                    }
                } else if (existing.state() == DistConnection.State.UP) {
                    // Up on both sides, so it stays and a duplicate loses: a late loser of a simultaneous connect.
                    // (A restarted peer whose old connection still looks up here waits until that one closes or
                    // times out, at most the tick time.)
                    loser = c;
                } else if (wins(c) && !wins(existing)) {
                    connections.put(peer, c);
                    loser = existing;
                } else {
                    loser = c;
                }
            }
        }
        if (loser != null) {
            log.debug("{}: two connections with {}; keeping the one {} opened", self, peer,
                    self.toString().compareTo(peer.toString()) < 0 ? "this node" : "the peer");
            loser.close("duplicate");
        }
        return loser != c;
    }

    /** Whether {@code c} was opened by the node with the smaller name. */
    private boolean wins(DistConnection c) {
        return wins(c.outbound(), c.peer());
    }

    /** Whether a connection with {@code peer}, opened by this node or not, wins a simultaneous connect. */
    private boolean wins(boolean outbound, NodeName peer) {
        boolean selfSmaller = self.toString().compareTo(peer.toString()) < 0;
        return outbound == selfSmaller;
    }

    Introduction introductionFor(NodeName receiver) {
        List<NodeName> peers = new ArrayList<>();
        if (!settings.hidden()) {
            synchronized (this) {
                for (DistConnection c : connections.values()) {
                    if (c.state() == DistConnection.State.UP && !c.hidden() && !c.peer().equals(receiver)) {
                        peers.add(c.peer());
                    }
                }
            }
        }
        return new Introduction(settings.hidden(), peers);
    }

    void onIntroduced(DistConnection c, Introduction intro) {
        NodeName peer = c.peer();
        boolean announce;
        List<Watcher> targets;
        CompletableFuture<DistConnection> waiter;
        synchronized (this) {
            if (connections.get(peer) != c) {
                return; // lost to another connection meanwhile
            }
            announce = announced.add(peer);
            targets = List.copyOf(watchers);
            c.markUp();
            waiter = connecting.remove(peer);
        }
        if (waiter != null) {
            waiter.complete(c);
        }
        if (announce) {
            log.info("{}: node {} up{}", self, peer, c.hidden() ? " (hidden)" : "");
            NodeEvent up = NodeEvent.up(peer, c.hidden());
            events.execute(() -> {
                for (Watcher w : targets) {
                    if (w.hidden() || !up.hidden()) {
                        deliver(w.listener(), up);
                    }
                }
            });
        }
        if (settings.connectAll() && !settings.hidden() && !intro.hidden()) {
            for (NodeName other : intro.peers()) {
                if (!other.equals(self) && connection(other) == null) {
                    connect(other).whenComplete((x, failure) -> {
                        if (failure != null) {
                            log.debug("{}: cannot join {} (introduced by {}): {}", self, other, peer,
                                    unwrap(failure).getMessage());
                        }
                    });
                }
            }
        }
    }

    void onClosed(DistConnection c) {
        NodeName peer = c.peer();
        if (peer == null) {
            return; // closed before the handshake named it
        }
        List<Consumer<NodeEvent>> toTell;
        List<Watcher> targets;
        CompletableFuture<DistConnection> staleWaiter;
        synchronized (this) {
            if (connections.get(peer) != c) {
                return; // a loser of a simultaneous connect, or never registered
            }
            connections.remove(peer);
            if (!announced.remove(peer)) {
                // an outbound connection's waiter is the dial's to complete (connectFailed), as is any while a dial
                // is on
                CompletableFuture<DistConnection> waiter = c.outbound() || dialing.contains(peer) ? null
                        : connecting.remove(peer);
                if (waiter != null) {
                    waiter.completeExceptionally(new ConnectFailedException("the distribution connection with "
                            + peer + " closed before it was up: " + c.closeReason()));
                }
                return;
            }
            toTell = nodeWatchers.remove(peer);
            targets = List.copyOf(watchers);
            // a connect that waited on this connection (it was up, or replaced one that was) and no dial is on
            staleWaiter = dialing.contains(peer) ? null : connecting.remove(peer);
        }
        if (staleWaiter != null) {
            staleWaiter.completeExceptionally(new ConnectFailedException("the distribution connection with " + peer
                    + " closed: " + c.closeReason()));
        }
        String reason = c.closeReason();
        log.info("{}: node {} down: {}", self, peer, reason);
        for (BiConsumer<NodeName, String> hook : downHooks) {
            try {
                hook.accept(peer, reason);
            } catch (RuntimeException e) {
                log.warn("{}: a node-down hook failed: {}", self, e.toString());
            }
        }
        if (closed) {
            return;
        }
        NodeEvent down = NodeEvent.down(peer, c.hidden(), reason);
        events.execute(() -> {
            for (Watcher w : targets) {
                if (w.hidden() || !down.hidden()) {
                    deliver(w.listener(), down);
                }
            }
            if (toTell != null) {
                toTell.forEach(w -> deliver(w, down));
            }
        });
    }

    private void deliver(Consumer<NodeEvent> listener, NodeEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn("{}: a node monitor failed on {}: {}", self, event, e.toString(), e);
        }
    }

    // ------------------------------------------------------------------ API

    /** Subscribes to node up/down events of visible nodes, and of hidden ones too when {@code hidden}. */
    public Runnable monitorNodes(Consumer<NodeEvent> listener, boolean hidden) {
        Watcher w = new Watcher(listener, hidden);
        watchers.add(w);
        return () -> watchers.remove(w);
    }

    /**
     * Delivers one event when {@code node} goes down (or at once when it cannot be connected), like Erlang's
     * {@code monitor_node(Node, true)}; connects first when needed.
     */
    public Runnable monitorNode(NodeName node, Consumer<NodeEvent> listener) {
        synchronized (this) {
            nodeWatchers.computeIfAbsent(node, n -> new ArrayList<>()).add(listener);
        }
        connect(node).whenComplete((c, failure) -> {
            if (failure != null) {
                List<Consumer<NodeEvent>> toTell = null;
                synchronized (this) {
                    List<Consumer<NodeEvent>> list = nodeWatchers.get(node);
                    if (list != null && list.remove(listener)) {
                        toTell = List.of(listener);
                        if (list.isEmpty()) {
                            nodeWatchers.remove(node);
                        }
                    }
                }
                if (toTell != null) {
                    NodeEvent down = NodeEvent.down(node, false, "connect_failed: " + unwrap(failure).getMessage());
                    events.execute(() -> deliver(listener, down));
                }
            }
        });
        return () -> {
            synchronized (this) {
                List<Consumer<NodeEvent>> list = nodeWatchers.get(node);
                if (list != null) {
                    list.remove(listener);
                    if (list.isEmpty()) {
                        nodeWatchers.remove(node);
                    }
                }
            }
        };
    }

    /** Closes the connection to {@code node}; whether there was one. Monitors hear {@value NodeEvent#DISCONNECT}. */
    public boolean disconnect(NodeName node) {
        DistConnection c;
        synchronized (this) {
            c = connections.get(node);
        }
        if (c == null) {
            return false;
        }
        c.close(NodeEvent.DISCONNECT);
        c.channel().closeFuture().awaitUninterruptibly(options.connectTimeout().toMillis());
        return true;
    }

    /** The peers whose connection is up: visible ones, or hidden ones. */
    public synchronized Set<NodeName> nodes(boolean hidden) {
        Set<NodeName> result = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        for (DistConnection c : connections.values()) {
            if (c.state() == DistConnection.State.UP && c.hidden() == hidden) {
                result.add(c.peer());
            }
        }
        return result;
    }

    /** Sets the cookie used with {@code node}, both ways ({@code erlang:set_cookie/2}); null removes it. */
    public void setCookie(NodeName node, Cookie cookie) {
        if (cookie == null) {
            cookies.remove(node);
        } else {
            cookies.put(node, cookie);
        }
    }

    /** The cookie for {@code node}: its override, else the node's own. */
    public Cookie cookieFor(NodeName node) {
        Cookie c = cookies.get(node);
        return c != null ? c : settings.cookie();
    }

    /** The override for {@code node}, or null. */
    public Cookie cookieOverride(NodeName node) {
        return cookies.get(node);
    }

    /**
     * Sends {@code message} to the mailbox {@code name} of {@code node} over the distribution connection, not
     * acknowledged; the connection is made first when needed and {@code autoConnect} allows.
     *
     * @return whether the message was handed to a connection (not whether it was delivered)
     */
    public boolean send(NodeName node, String name, Object message, boolean autoConnect) {
        if (Introduction.MAILBOX.equals(name)) {
            throw new IllegalArgumentException("the mailbox name " + name + " is reserved for the node itself");
        }
        DistConnection c = connection(node);
        if (c == null) {
            if (!autoConnect) {
                return false;
            }
            try {
                c = connect(node).get(options.connectTimeout().toMillis() + options.authTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                log.debug("{}: message to {} on {} dropped: {}", self, name, node, unwrap(e).getMessage());
                return false;
            }
        }
        Frame frame = Frame.abcast(-(sendIds.incrementAndGet() + 1), name, codec.encode(message,
                c.channel().alloc()));
        c.channel().writeAndFlush(frame);
        return true;
    }

    /**
     * Gives the distribution-channel RPC client its link to {@code key.node()}: connects when needed (and allowed),
     * then adds {@code link} at the end of the connection's pipeline.
     */
    public CompletableFuture<Channel> attach(NodeKey key, EventLoop loop, ChannelHandler link, boolean autoConnect) {
        NodeName node = key.node();
        CompletableFuture<DistConnection> connection;
        DistConnection up = connection(node);
        if (up != null) {
            connection = CompletableFuture.completedFuture(up);
        } else if (autoConnect) {
            connection = connect(node);
        } else {
            return CompletableFuture.failedFuture(new NodeDownException(self + " is not connected to " + node
                    + " and automatic connection is off; connect to it first"));
        }
        return connection.thenApply(c -> {
            Channel ch = c.channel();
            String name = LinkAttacher.stageName(key);
            if (loop == ch.eventLoop()) {
                ch.pipeline().addLast(name, link);
            } else {
                ch.pipeline().addLast(loop, name, link);
            }
            return ch;
        });
    }

    // ------------------------------------------------------------------ closing

    /** Closes the listener and every connection (peers see them close), then the event loop. Idempotent. */
    @Override
    public void close() {
        List<DistConnection> all;
        List<CompletableFuture<DistConnection>> waiters;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(connections.values());
            waiters = new ArrayList<>(connecting.values());
            connecting.clear();
        }
        waiters.forEach(w -> w.completeExceptionally(new ConnectFailedException("node " + self + " is closing")));
        if (listener != null) {
            listener.close();
        }
        for (DistConnection c : all) {
            c.close("node " + self + " is closing");
        }
        lookup.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        events.shutdown();
        blocking.shutdownNow();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public String toString() {
        return "DistKernel[" + self + "]";
    }
}
