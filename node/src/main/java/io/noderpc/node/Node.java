package io.noderpc.node;

import io.noderpc.client.DataPortRecord;
import io.noderpc.client.Rpc;
import io.noderpc.client.RpcClient;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.node.internal.DistKernel;
import io.noderpc.node.internal.DistRpc;
import io.noderpc.node.internal.EpmdPresence;
import io.noderpc.node.internal.PeerLookup;
import io.noderpc.server.MailboxRegistry;
import io.noderpc.server.RpcServer;
import io.noderpc.server.ServiceRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime a user starts: a name, a cookie, a data server ({@link RpcServer}), the distribution channel (one
 * connection per peer on the EPMD-registered port: ticks, node up/down, mesh, messages, distribution-channel RPC),
 * a registration in EPMD (distribution port, with the data port in the Extra) and a client ({@link #rpc()}).
 * <pre>{@code
 * try (Node a = Node.builder().name("a@127.0.0.1").cookie("secret").build().start()) {
 *     a.services().register(Service.of("math", new MathService()));
 *     a.monitorNodes(event -> System.out.println(event));        // nodeup / nodedown
 *     long s = a.rpc().call("b@127.0.0.1", "math", "add", 1, 2);  // data channel
 * }
 * }</pre>
 * A call through {@link #rpc()} to a node first connects the distribution channel to it (unless
 * {@link NodeSettings#autoConnect()} is off), so when that node goes down, calls in flight to it fail at once with
 * {@link io.noderpc.core.NodeDownException}.
 */
public final class Node implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private enum State { NEW, RUNNING, CLOSED }

    /** After a failed attach, distribution-channel RPC retries soon: connecting is the kernel's, and cheap to ask. */
    private static final java.time.Duration DIST_BACKOFF_MIN = java.time.Duration.ofMillis(1);
    private static final java.time.Duration DIST_BACKOFF_MAX = java.time.Duration.ofMillis(200);

    private final NodeSettings settings;
    private final Codec codec;
    private final ServiceRegistry services = new ServiceRegistry();
    private final MailboxRegistry mailboxes = new MailboxRegistry();
    private State state = State.NEW;
    private RpcServer server;
    private DistKernel dist;
    private EpmdPresence epmd;
    private RpcClient client;
    private RpcClient distClient;
    private Rpc distRpc;

    Node(NodeSettings settings, Codec codec) {
        this.settings = settings;
        this.codec = codec;
    }

    /** A builder with the defaults ({@link NodeSettings}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the data server, binds the distribution listener, registers in EPMD (starting an embedded one if none
     * answers and {@link Builder#embeddedEpmd(boolean)} allows it) and creates the client. On failure everything
     * started so far is closed again and the exception says what failed.
     *
     * @return this node
     * @throws IllegalStateException if started or closed before, if no port of a range is free, if EPMD does not
     *                               answer, or if the name is already registered in EPMD
     * @throws RpcException          if the data server cannot start
     */
    public synchronized Node start() {
        if (state != State.NEW) {
            throw new IllegalStateException("node " + settings.name() + " was already "
                    + (state == State.CLOSED ? "closed" : "started") + "; build a new one");
        }
        state = State.RUNNING;
        try {
            server = startServer();
            dist = new DistKernel(settings, codec, server::newSharedLinkAcceptor);
            dist.bind();
            epmd = EpmdPresence.register(settings.name(), settings.epmdAddress(), settings.epmdPort(),
                    settings.embeddedEpmd(), dist.port(), DataPortRecord.of(server.port()).toExtra());
            client = RpcClient.builder().self(settings.name()).cookie(settings.cookie())
                    .cookieOverride(dist::cookieOverride).options(settings.options()).codec(codec)
                    .dataPortResolver(this::resolveDataPort).build();
            distClient = RpcClient.builder().self(settings.name()).cookie(settings.cookie())
                    .cookieOverride(dist::cookieOverride).options(settings.options()).codec(codec)
                    .eventLoopGroup(dist.group()).reconnectBackoff(DIST_BACKOFF_MIN, DIST_BACKOFF_MAX)
                    .linkAttacher((key, loop, link) -> dist.attach(key, loop, link, settings.autoConnect()))
                    .build();
            distRpc = new DistRpc(distClient);
            dist.onNodeDown((peer, reason) -> {
                client.nodeDown(peer, reason);
                distClient.nodeDown(peer, reason);
            });
        } catch (RuntimeException e) {
            closeQuietly(false);
            throw e;
        }
        log.info("node {} started: dist port {} ({} on {}), data port {} ({} on {}), epmd {}:{}{}, ticktime {}s, {}",
                settings.name(), dist.port(), settings.distPorts(), describe(settings.distInterface()), server.port(),
                settings.dataPorts(), describe(settings.dataInterface()), settings.epmdAddress(), settings.epmdPort(),
                epmd.embedded() ? " (embedded)" : "", settings.tickTime().toSeconds(), settings.options().describe());
        return this;
    }

    /** The data port of {@code node}, connecting the distribution channel to it first when allowed. */
    private CompletableFuture<InetSocketAddress> resolveDataPort(NodeName node) {
        if (settings.autoConnect() && !node.equals(settings.name())) {
            return dist.connect(node).thenCompose(connected -> dist.lookup(node)).thenApply(PeerLookup.Peer::data);
        }
        return dist.lookup(node).thenApply(PeerLookup.Peer::data);
    }

    private RpcServer startServer() {
        PortRange ports = settings.dataPorts();
        RpcException last = null;
        for (int port = ports.min(); port <= ports.max(); port++) {
            try {
                return RpcServer.builder().node(settings.name()).cookie(settings.cookie()).options(settings.options())
                        .services(services).mailboxes(mailboxes).codec(codec)
                        .cookieOverride(node -> dist == null ? null : dist.cookieOverride(node)).bindAddress(settings.dataInterface()).port(port)
                        .start();
            } catch (RpcException e) {
                last = e;
            }
        }
        if (ports.size() == 1) {
            throw last;
        }
        throw new IllegalStateException("node " + settings.name() + ": no free port for the data server in "
                + describe(settings.dataInterface()) + ":" + ports + " (" + ports.size() + " ports tried, all taken;"
                + " last error: " + last.getMessage() + "); widen dataPorts or use 0 for an ephemeral port", last);
    }

    private static String describe(InetAddress address) {
        return address == null ? "*" : address.getHostAddress();
    }

    /** This node's name. */
    public NodeName name() {
        return settings.name();
    }

    /** The settings this node was built with. */
    public NodeSettings settings() {
        return settings;
    }

    /** The services this node exports over the data channel; register them before or after start. */
    public ServiceRegistry services() {
        return services;
    }

    /** The mailboxes this node's data channel delivers {@code abcast}/{@code sbcast} messages to. */
    public MailboxRegistry mailboxes() {
        return mailboxes;
    }

    /**
     * The client of the data channel, calling other nodes as this node with its cookie, resolving their data ports
     * through EPMD on {@link NodeSettings#epmdPort()}.
     *
     * @throws IllegalStateException if not running
     */
    public synchronized RpcClient rpc() {
        requireRunning();
        return client;
    }

    /** The codec of arguments, results and messages on both channels: register your classes with it. */
    public Codec codec() {
        return codec;
    }

    /**
     * The same API as {@link #rpc()} over the distribution channel: calls share the connection that carries the
     * ticks, so a large transfer here delays them (and every other call). The baseline of the benchmarks, and fine
     * for small control traffic. Keys of {@code NodeKey}s are ignored: there is one connection per node.
     *
     * @throws IllegalStateException if not running
     */
    public synchronized Rpc distRpc() {
        requireRunning();
        return distRpc;
    }

    /**
     * Connects the distribution channel to {@code node} (as {@code net_kernel:connect_node/1}), if not connected.
     *
     * @throws RpcException saying why not: not registered, not a noderpc node, refused, wrong cookie, timeout
     * @throws IllegalArgumentException if {@code node} is not a valid name or is this node
     */
    public void connect(String node) {
        connect(NodeName.of(node));
    }

    /** @see #connect(String) */
    public void connect(NodeName node) {
        requireRunning();
        Objects.requireNonNull(node, "node");
        await(dist.connect(node), "connecting to " + node);
    }

    /**
     * Whether {@code node} answers on the distribution channel, connecting to it if needed: Erlang's
     * {@code net_adm:ping/1}, {@code true} for pong and {@code false} for pang. This node answers pong to itself.
     */
    public boolean ping(String node) {
        NodeName name = NodeName.of(node);
        if (name.equals(settings.name())) {
            return true;
        }
        try {
            connect(name);
            return true;
        } catch (RpcException e) {
            log.debug("ping {}: pang: {}", node, e.getMessage());
            return false;
        }
    }

    /**
     * Closes the distribution connection to {@code node} ({@code erlang:disconnect_node/1}); monitors hear
     * {@code nodedown} with reason {@value NodeEvent#DISCONNECT} and calls in flight to it fail with
     * {@code NodeDownException}. A later use connects again (when automatic connection is on).
     *
     * @return whether there was a connection
     */
    public boolean disconnect(String node) {
        requireRunning();
        return dist.disconnect(NodeName.of(node));
    }

    /**
     * How long ago anything (a tick or data) last arrived from {@code node} on the distribution channel; empty when
     * not connected. Ticks come every {@code tickTime/4}, so on a healthy connection this stays under about that;
     * at {@code tickTime} the node is taken down.
     */
    public java.util.Optional<java.time.Duration> silence(String node) {
        requireRunning();
        long nanos = dist.silenceNanos(NodeName.of(node));
        return nanos < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofNanos(nanos));
    }

    /** The visible nodes this node is connected to, as Erlang's {@code nodes()}. */
    public Set<NodeName> nodes() {
        requireRunning();
        return dist.nodes(false);
    }

    /** The hidden nodes connected to this node, as Erlang's {@code nodes(hidden)}. */
    public Set<NodeName> hiddenNodes() {
        requireRunning();
        return dist.nodes(true);
    }

    /**
     * Delivers {@code nodeup}/{@code nodedown} events of visible nodes to {@code listener}, in order, on one
     * thread of this node (do not block it for long), as Erlang's {@code net_kernel:monitor_nodes(true)}.
     *
     * @return the registration; close it to stop
     */
    public Monitor monitorNodes(Consumer<NodeEvent> listener) {
        return monitorNodes(listener, false);
    }

    /** As {@link #monitorNodes(Consumer)}, with the events of hidden nodes too when {@code includeHidden}. */
    public Monitor monitorNodes(Consumer<NodeEvent> listener, boolean includeHidden) {
        requireRunning();
        Runnable cancel = dist.monitorNodes(Objects.requireNonNull(listener, "listener"), includeHidden);
        return cancel::run;
    }

    /**
     * Delivers one {@code nodedown} event when {@code node} goes down, as Erlang's {@code monitor_node(Node, true)}:
     * connects to it first if needed; if that fails, the event comes at once with reason
     * {@code connect_failed: ...}.
     */
    public Monitor monitorNode(String node, Consumer<NodeEvent> listener) {
        requireRunning();
        Runnable cancel = dist.monitorNode(NodeName.of(node), Objects.requireNonNull(listener, "listener"));
        return cancel::run;
    }

    /**
     * Sends {@code message} to the mailbox {@code mailbox} of {@code node} over the distribution channel, as
     * Erlang's {@code {Name, Node} ! Msg}: not acknowledged, in order with the other messages to that node. Connects
     * first when needed and allowed (waiting up to the connect and auth timeouts).
     *
     * @return whether the message was handed to a connection; {@code false} when the node cannot be reached (the
     *         message is dropped, as Erlang drops it)
     * @throws io.noderpc.core.CodecException if the message cannot be encoded (a class not registered)
     */
    public boolean send(String node, String mailbox, Object message) {
        requireRunning();
        Objects.requireNonNull(mailbox, "mailbox");
        return dist.send(NodeName.of(node), mailbox, message, settings.autoConnect());
    }

    /**
     * Sets the cookie for {@code node}, both ways and on both channels, as {@code erlang:set_cookie(Node, Cookie)};
     * connections already up keep theirs.
     */
    public void setCookie(String node, String cookie) {
        requireRunning();
        dist.setCookie(NodeName.of(node), Cookie.of(cookie));
    }

    private void await(CompletableFuture<?> future, String what) {
        long millis = settings.options().connectTimeout().toMillis() + settings.options().authTimeout().toMillis();
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.noderpc.core.ConnectFailedException(what + " was interrupted", e);
        } catch (TimeoutException e) {
            // the future is shared with every other caller connecting to that node: leave it running
            throw new io.noderpc.core.RpcTimeoutException(what + " took over " + millis + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RpcException rpc) {
                throw rpc;
            }
            if (cause instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw new io.noderpc.core.ConnectFailedException(what + " failed: " + cause, cause);
        }
    }

    /** The port of the distribution listener (the one registered in EPMD). */
    public synchronized int distPort() {
        requireRunning();
        return dist.port();
    }

    /** The port of the data server (published in the EPMD Extra). */
    public synchronized int dataPort() {
        requireRunning();
        return server.port();
    }

    /** Whether this node started the EPMD it registered with. */
    public synchronized boolean runsEmbeddedEpmd() {
        requireRunning();
        return epmd.embedded();
    }

    /** Whether {@link #start()} succeeded and {@link #close()} was not called yet. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING && client != null;
    }

    private void requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException("node " + settings.name() + " is " + (state == State.CLOSED ? "closed"
                    : "not started"));
        }
    }

    /**
     * Unregisters from EPMD, closes both clients (casts already accepted are written first), drains the data server
     * (calls in progress finish, within its drain timeout, distribution-channel RPC included), then closes the
     * distribution channel (peers see this node go down) and stops an embedded EPMD. Idempotent.
     */
    @Override
    public synchronized void close() {
        stop(true, "stopped");
    }

    /**
     * Halts the node at once, as {@code erlang:halt()} would: unregisters from EPMD and closes everything without
     * waiting, so calls in progress here are abandoned (their callers see this node go down) and casts not yet written
     * are dropped. Idempotent; {@link #close()} is the graceful way.
     */
    public synchronized void closeNow() {
        stop(false, "halted");
    }

    /** {@link #close()} and {@link #closeNow()}: once, logging {@code how} if the node was running. */
    private void stop(boolean graceful, String how) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = isRunning();
        closeQuietly(graceful);
        if (wasRunning) {
            log.info("node {} {}", settings.name(), how);
        }
    }

    private void closeQuietly(boolean graceful) {
        state = State.CLOSED;
        RuntimeException failure = null;
        // The clients first (they write the casts they accepted, over links still up), then the server's drain
        // (distribution-channel RPC answers too), then the distribution channel itself.
        for (AutoCloseable part : new AutoCloseable[] {epmd, client, distClient, graceful ? server : null}) {
            failure = closePart(part, failure);
        }
        if (!graceful && server != null) {
            try {
                server.closeNow();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        failure = closePart(dist, failure);
        if (failure != null && graceful) {
            throw failure;
        }
    }

    private RuntimeException closePart(AutoCloseable part, RuntimeException failure) {
        if (part == null) {
            return failure;
        }
        try {
            part.close();
        } catch (Exception e) {
            log.warn("node {}: closing {} failed: {}", settings.name(), part, e.toString());
            if (failure == null) {
                failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        return failure;
    }

    @Override
    public String toString() {
        return "Node[" + settings.name() + ", " + state + "]";
    }

    /** Builder of a {@link Node}: {@link NodeSettings.Builder} with {@link #build()} giving an unstarted node. */
    public static final class Builder extends NodeSettings.Builder<Builder> {

        private Codec codec;

        Builder() {
        }

        /**
         * The codec of arguments, results and messages on both channels (default: a new {@link ForyCodec}, classes
         * registered through {@link Node#codec()}); must match the peers'.
         */
        public Builder codec(Codec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * Validates the settings (resolving the cookie: explicit, then {@code NODERPC_COOKIE}, then
         * {@code ~/.erlang.cookie}) and returns a node not yet started.
         *
         * @throws IllegalStateException if no name was given
         */
        public Node build() {
            return new Node(settings(), codec != null ? codec : ForyCodec.create());
        }
    }
}
