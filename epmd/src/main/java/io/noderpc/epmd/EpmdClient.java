package io.noderpc.epmd;

import io.netty.channel.EventLoopGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.noderpc.epmd.internal.Transports;

import io.noderpc.epmd.internal.client.EpmdConnector;
import io.noderpc.epmd.internal.client.OneShotRequestHandler;
import io.noderpc.epmd.internal.client.RegistrationKeeper;
import io.noderpc.epmd.internal.client.ReplyParser;
import io.noderpc.epmd.internal.client.ReplyParsers;
import io.noderpc.epmd.internal.client.RequestEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Client of an EPMD daemon (OTP's {@code epmd} or noderpc's): registers node names, looks them up,
 * and sends the administrative requests of the {@code epmd} command line tool.
 *
 * <pre>{@code
 * try (EpmdClient epmd = EpmdClient.create()) {                         // ::1 then 127.0.0.1, ERL_EPMD_PORT or 4369
 *     EpmdRegistration reg = epmd.register(EpmdEntry.of("foo", 5370));   // held until reg.close()
 *     Optional<EpmdEntry> foo = epmd.lookup("foo");
 *     epmd.names().nodes().forEach(n -> System.out.println(n.name() + " " + n.port()));
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> Each request opens its own connection (EPMD answers one request per
 * connection). The {@code ...Async} methods never block: they validate their arguments, throwing
 * {@link IllegalArgumentException} before any I/O, and return a future that always completes, at
 * the latest after {@link EpmdClientOptions#connectTimeout()} plus
 * {@link EpmdClientOptions#requestTimeout()}. Futures fail with an {@link EpmdException}:
 * {@link EpmdConnectException} (nothing listening, connect timeout, connection broken),
 * {@link EpmdTimeoutException} (no complete reply in time), {@link EpmdProtocolException} (not an
 * EPMD reply, or the daemon closed without one), and for registration
 * {@link EpmdDuplicateNameException} / {@link EpmdRegistrationException}. Futures complete on the
 * client's event loop: chain blocking work with an executor ({@code thenApplyAsync(f, executor)}).
 * The blocking methods wait for the same future and throw the same exceptions unwrapped; calling
 * them from an event loop of the client's group throws {@link IllegalStateException}.
 *
 * <p>Thread-safe. {@link #close()} closes the client's registrations and, unless the group was
 * supplied by the caller, shuts its event loop down; later calls throw {@link IllegalStateException}.
 */
public final class EpmdClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EpmdClient.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final EpmdClientOptions options;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final EpmdConnector connector;
    private final Set<RegistrationKeeper> registrations = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EpmdClient(EpmdClientOptions options, List<InetSocketAddress> addresses) {
        this.options = options;
        this.ownsGroup = options.eventLoopGroup() == null;
        this.group = ownsGroup ? Transports.newGroup(1, "epmd-client") : options.eventLoopGroup();
        this.connector = new EpmdConnector(Transports.clientChannelFor(group), addresses,
                options.connectTimeout().toMillis());
        LOG.debug("EPMD client for {} with {}", connector.describe(), options);
    }

    /** A client with {@link EpmdClientOptions#defaults()}. */
    public static EpmdClient create() {
        return create(EpmdClientOptions.defaults());
    }

    /**
     * A client with these options. A host name is resolved here, once (blocking on DNS).
     *
     * @throws EpmdConnectException if the host name does not resolve
     */
    public static EpmdClient create(EpmdClientOptions options) {
        Objects.requireNonNull(options, "options");
        return new EpmdClient(options, resolve(options.host(), options.port()));
    }

    public EpmdClientOptions options() {
        return options;
    }

    /** {@link #registerAsync(EpmdEntry, RegistrationOptions)} with {@link RegistrationOptions#defaults()}. */
    public CompletableFuture<EpmdRegistration> registerAsync(EpmdEntry entry) {
        return registerAsync(entry, RegistrationOptions.defaults());
    }

    /**
     * Registers {@code entry} (ALIVE2_REQ). The future completes with a live registration once EPMD
     * accepted it; the name stays registered until {@link EpmdRegistration#close()} or
     * {@link #close()}. EPMD only accepts registrations from its own host.
     *
     * @throws IllegalArgumentException if the name is empty, has a NUL, is not well-formed Unicode,
     *                                  or exceeds 255 characters or 1020 UTF-8 bytes, or the extra
     *                                  exceeds 1020 bytes
     */
    public CompletableFuture<EpmdRegistration> registerAsync(EpmdEntry entry, RegistrationOptions registration) {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(registration, "registration options");
        requireOpen();
        RegistrationKeeper keeper = new RegistrationKeeper(connector, group.next(), entry,
                options.requestTimeout().toMillis(), options.reregisterInterval().toMillis(), registration,
                registrations::remove);
        registrations.add(keeper);
        if (closed.get()) {
            keeper.closeAsync();
        }
        return keeper.start();
    }

    /** Blocking {@link #registerAsync(EpmdEntry)}. */
    public EpmdRegistration register(EpmdEntry entry) {
        return register(entry, RegistrationOptions.defaults());
    }

    /** Blocking {@link #registerAsync(EpmdEntry, RegistrationOptions)}. */
    public EpmdRegistration register(EpmdEntry entry, RegistrationOptions registration) {
        AtomicReference<CompletableFuture<EpmdRegistration>> started = new AtomicReference<>();
        try {
            return await(() -> {
                started.set(registerAsync(entry, registration));
                return started.get();
            }, "ALIVE2_REQ");
        } catch (EpmdTimeoutException e) {
            started.get().thenAccept(EpmdRegistration::close); // should it complete after all
            throw e;
        }
    }

    /**
     * Looks a node up (PORT_PLEASE2_REQ). The entry comes back exactly as registered, extra
     * byte-exact; empty when no node has the name.
     *
     * @throws IllegalArgumentException for a name EPMD could not hold (see {@link #registerAsync})
     */
    public CompletableFuture<Optional<EpmdEntry>> lookupAsync(String name) {
        return request(RequestEncoder.portPlease2(name), ReplyParsers.port2());
    }

    /** Blocking {@link #lookupAsync(String)}. */
    public Optional<EpmdEntry> lookup(String name) {
        return await(() -> lookupAsync(name), "PORT_PLEASE2_REQ");
    }

    /** Lists the registered nodes (NAMES_REQ), with the raw reply for printing. */
    public CompletableFuture<EpmdNames> namesAsync() {
        return request(RequestEncoder.names(), ReplyParsers.names());
    }

    /** Blocking {@link #namesAsync()}. */
    public EpmdNames names() {
        return await(this::namesAsync, "NAMES_REQ");
    }

    /** The daemon's tables as debug text (DUMP_REQ; answered to local peers only). */
    public CompletableFuture<EpmdDump> dumpAsync() {
        return request(RequestEncoder.dump(), ReplyParsers.dump());
    }

    /** Blocking {@link #dumpAsync()}. */
    public EpmdDump dump() {
        return await(this::dumpAsync, "DUMP_REQ");
    }

    /**
     * Asks the daemon to exit (KILL_REQ; local peers only). {@link EpmdKillReply.Outcome#KILLED}:
     * it exits, dropping every registration; {@link EpmdKillReply.Outcome#REFUSED}: nodes are
     * registered and the daemon is not relaxed. Fewer than two reply bytes fail with
     * {@link EpmdProtocolException}.
     */
    public CompletableFuture<EpmdKillReply> killAsync() {
        return request(RequestEncoder.kill(), ReplyParsers.kill());
    }

    /** Blocking {@link #killAsync()}. */
    public EpmdKillReply kill() {
        return await(this::killAsync, "KILL_REQ");
    }

    /**
     * Unregisters another node by name (STOP_REQ): the daemon closes that node's registration
     * connection. Only a daemon started with {@code -relaxed_command_check} does it; others close
     * without a reply, which fails with {@link EpmdProtocolException} (reply empty), as does any
     * reply shorter than 7 bytes. The name is sent as OTP's {@code epmd -stop} sends it.
     *
     * @throws IllegalArgumentException if the name is empty, has a NUL or exceeds 3056 UTF-8 bytes
     */
    public CompletableFuture<EpmdStopReply> stopAsync(String name) {
        return request(RequestEncoder.stop(name), ReplyParsers.stop());
    }

    /** Blocking {@link #stopAsync(String)}. */
    public EpmdStopReply stop(String name) {
        return await(() -> stopAsync(name), "STOP_REQ");
    }

    /**
     * Closes every registration of this client (unregistering the names) and, if the client owns
     * its event loop group, shuts it down. Waits up to a few seconds for that unless called on an
     * event loop. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean mayWait = !inOwnEventLoop();
        CompletableFuture<?>[] closing = registrations.stream()
                .map(EpmdRegistration::closeAsync).toArray(CompletableFuture[]::new);
        if (mayWait) {
            try {
                CompletableFuture.allOf(closing).get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("registrations did not close cleanly", e);
            }
        }
        if (ownsGroup) {
            var shutdown = group.shutdownGracefully(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (mayWait) {
                shutdown.awaitUninterruptibly(2 * CLOSE_WAIT_MILLIS);
            }
        }
    }

    private <T> CompletableFuture<T> request(byte[] request, ReplyParser<T> parser) {
        requireOpen();
        CompletableFuture<T> result = new CompletableFuture<>();
        long timeout = options.requestTimeout().toMillis();
        connector.connect(group.next(), "epmd-request",
                        () -> new OneShotRequestHandler<>(request, parser, result, timeout, options.maxReplyBytes()))
                .whenComplete((channel, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.whenComplete((value, failure) -> channel.close()); // also on cancel
                    }
                });
        return result;
    }

    private <T> T await(Supplier<CompletableFuture<T>> call, String what) {
        if (inOwnEventLoop()) {
            throw new IllegalStateException("blocking EPMD call (" + what + ") on an event loop of the client's"
                    + " group would deadlock; use the ...Async method");
        }
        CompletableFuture<T> future = call.get();
        long bound = options.connectTimeout().toMillis() + options.requestTimeout().toMillis() + CLOSE_WAIT_MILLIS;
        try {
            return future.get(bound, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new EpmdException(what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new EpmdTimeoutException(what + " to epmd at " + connector.describe() + " did not complete within "
                    + bound + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new EpmdException("interrupted while waiting for the reply to " + what, e);
        }
    }

    private boolean inOwnEventLoop() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("EpmdClient is closed");
        }
    }

    private static List<InetSocketAddress> resolve(String host, int port) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (host == null) {
            addresses.add(new InetSocketAddress(NetUtil.LOCALHOST6, port));
            addresses.add(new InetSocketAddress(NetUtil.LOCALHOST4, port));
            return addresses;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                addresses.add(new InetSocketAddress(address, port));
            }
        } catch (UnknownHostException e) {
            throw new EpmdConnectException("cannot resolve epmd host '" + host + "': " + e.getMessage(), e);
        }
        return addresses;
    }
}
