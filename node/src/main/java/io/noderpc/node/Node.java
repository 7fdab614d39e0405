package io.noderpc.node;

import io.noderpc.client.DataPortRecord;
import io.noderpc.client.RpcClient;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcOptions;
import io.noderpc.node.internal.DistListener;
import io.noderpc.node.internal.EpmdPresence;
import io.noderpc.server.MailboxRegistry;
import io.noderpc.server.RpcServer;
import io.noderpc.server.ServiceRegistry;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime a user starts: a name, a cookie, a data server ({@link RpcServer}), a distribution listener, a
 * registration in EPMD (distribution port, with the data port in the Extra) and a client ({@link #rpc()}).
 * <pre>{@code
 * try (Node a = Node.builder().name("a@127.0.0.1").cookie("secret").build().start()) {
 *     a.services().register("math", new MathService());
 *     int s = a.rpc().call("b@127.0.0.1", "math", "add", 1, 2);
 * }
 * }</pre>
 * Not yet: ticks and node monitoring on the distribution channel (the listener only proves the cookie for now).
 */
public final class Node implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private enum State { NEW, RUNNING, CLOSED }

    private final NodeSettings settings;
    private final ServiceRegistry services = new ServiceRegistry();
    private final MailboxRegistry mailboxes = new MailboxRegistry();
    private State state = State.NEW;
    private RpcServer server;
    private DistListener dist;
    private EpmdPresence epmd;
    private RpcClient client;

    Node(NodeSettings settings) {
        this.settings = settings;
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
            dist = DistListener.bind(settings.name(), settings.cookie(), settings.options(),
                    settings.distInterface(), settings.distPorts());
            epmd = EpmdPresence.register(settings.name(), settings.epmdAddress(), settings.epmdPort(),
                    settings.embeddedEpmd(), dist.port(), DataPortRecord.of(server.port()).toExtra());
            client = RpcClient.builder().self(settings.name()).cookie(settings.cookie())
                    .options(settings.options()).epmdPort(settings.epmdPort()).build();
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

    private RpcServer startServer() {
        PortRange ports = settings.dataPorts();
        RpcException last = null;
        for (int port = ports.min(); port <= ports.max(); port++) {
            try {
                return RpcServer.builder().node(settings.name()).cookie(settings.cookie()).options(settings.options())
                        .services(services).mailboxes(mailboxes).bindAddress(settings.dataInterface()).port(port)
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
     * Unregisters from EPMD, closes the client, drains the data server (calls in progress finish, within its drain
     * timeout), closes the distribution listener and stops an embedded EPMD. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = isRunning();
        closeQuietly(true);
        if (wasRunning) {
            log.info("node {} stopped", settings.name());
        }
    }

    private void closeQuietly(boolean graceful) {
        state = State.CLOSED;
        RuntimeException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {epmd, client, graceful ? server : null, dist}) {
            failure = closePart(part, failure);
        }
        if (!graceful && server != null) {
            try {
                server.closeNow();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
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

        Builder() {
        }

        /**
         * Validates the settings (resolving the cookie: explicit, then {@code NODERPC_COOKIE}, then
         * {@code ~/.erlang.cookie}) and returns a node not yet started.
         *
         * @throws IllegalStateException if no name was given
         */
        public Node build() {
            return new Node(settings());
        }
    }
}
