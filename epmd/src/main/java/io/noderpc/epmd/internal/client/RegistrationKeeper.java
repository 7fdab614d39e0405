package io.noderpc.epmd.internal.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdException;
import io.noderpc.epmd.EpmdRegistration;
import io.noderpc.epmd.RegistrationEvent;
import io.noderpc.epmd.RegistrationOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Holds one registration and, when its connection drops, registers again every interval until it
 * succeeds or is closed (OTP's erl_epmd does the same every 2 s). All state changes run on one
 * event loop; the connections are on that loop too, so callbacks never race each other. Only
 * {@link #closeAsync()} and the getters are called from other threads.
 */
public final class RegistrationKeeper implements EpmdRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationKeeper.class);
    static final String HANDLER_NAME = "epmd-registration";

    private final EpmdConnector connector;
    private final EventLoop loop;
    private final EpmdEntry entry;
    private final byte[] request;
    private final long replyTimeoutMillis;
    private final long retryIntervalMillis;
    private final boolean autoReregister;
    private final Consumer<RegistrationEvent> listener;
    private final Consumer<RegistrationKeeper> onClosed;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private volatile State state = State.LOST;
    private volatile int creation;

    // Confined to the loop.
    private Channel registered;
    private Channel pending;
    private ScheduledFuture<?> retry;
    private volatile boolean everRegistered;

    public RegistrationKeeper(EpmdConnector connector, EventLoop loop, EpmdEntry entry,
                              long replyTimeoutMillis, long retryIntervalMillis, RegistrationOptions options,
                              Consumer<RegistrationKeeper> onClosed) {
        this.connector = connector;
        this.loop = loop;
        this.entry = entry;
        this.request = RequestEncoder.alive2(entry);
        this.replyTimeoutMillis = replyTimeoutMillis;
        this.retryIntervalMillis = retryIntervalMillis;
        this.autoReregister = options.autoReregister();
        this.listener = options.listener();
        this.onClosed = onClosed;
    }

    /**
     * Makes the first registration. The future completes with this keeper once EPMD accepted, or
     * with the error; a failed first registration is final (no retries), as for an OTP node.
     */
    public CompletableFuture<EpmdRegistration> start() {
        CompletableFuture<EpmdRegistration> first = new CompletableFuture<>();
        try {
            loop.execute(() -> attempt(first));
        } catch (RejectedExecutionException loopGone) {
            closed.set(true);
            finishClose();
            first.completeExceptionally(new EpmdException("cannot register '" + entry.name()
                    + "': the event loop group is shut down", loopGone));
        }
        return first;
    }

    @Override
    public EpmdEntry entry() {
        return entry;
    }

    @Override
    public int creation() {
        return creation;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (closed.compareAndSet(false, true)) {
            try {
                loop.execute(this::closeOnLoop);
            } catch (RejectedExecutionException loopGone) {
                // The event loop is shut down, and its connections with it.
                state = State.CLOSED;
                onClosed.accept(this);
                closeFuture.complete(null);
            }
        }
        return closeFuture;
    }

    private void attempt(CompletableFuture<EpmdRegistration> first) {
        if (closed.get()) {
            if (first != null) {
                abandonFirst(first);
            }
            return;
        }
        CompletableFuture<Registered> reply = new CompletableFuture<>();
        connector.connect(loop, HANDLER_NAME, () -> new RegistrationHandler(request, entry.name(), reply,
                        replyTimeoutMillis))
                .whenComplete((channel, error) -> {
                    if (error != null) {
                        reply.completeExceptionally(error);
                    } else {
                        pending = channel;
                        if (closed.get()) {
                            channel.close();
                        }
                    }
                });
        reply.whenComplete((done, error) -> onLoop(() -> attemptDone(first, done, error)));
    }

    private void attemptDone(CompletableFuture<EpmdRegistration> first, Registered done, Throwable error) {
        pending = null;
        if (error == null && closed.get()) {
            done.channel().close();
        }
        if (closed.get()) {
            if (first != null) {
                abandonFirst(first);
            }
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (first != null) {
                closed.set(true);
                finishClose();
                first.completeExceptionally(cause);
            } else {
                LOG.debug("re-registration of '{}' failed, next attempt in {} ms: {}",
                        entry.name(), retryIntervalMillis, cause.toString());
                fire(RegistrationEvent.Kind.REREGISTRATION_FAILED, cause);
                scheduleRetry();
            }
            return;
        }
        Channel channel = done.channel();
        registered = channel;
        everRegistered = true;
        creation = done.creation();
        state = State.REGISTERED;
        channel.closeFuture().addListener((ChannelFutureListener) f -> connectionClosed(channel));
        LOG.debug("registered '{}' (port {}) with epmd at {}, creation {}", entry.name(), entry.port(),
                EpmdConnector.format(channel.remoteAddress()), Integer.toUnsignedLong(creation));
        fire(RegistrationEvent.Kind.REGISTERED, null);
        if (first != null && !first.complete(this)) {
            closeAsync(); // the caller cancelled the future: nobody holds this registration
        }
    }

    private void connectionClosed(Channel channel) {
        if (channel != registered) {
            return;
        }
        registered = null;
        if (closed.get()) {
            return;
        }
        state = State.LOST;
        LOG.info("epmd dropped the registration of '{}'{}", entry.name(),
                autoReregister ? "; registering again every " + retryIntervalMillis + " ms" : "");
        fire(RegistrationEvent.Kind.LOST, null);
        if (autoReregister) {
            scheduleRetry();
        }
    }

    private void scheduleRetry() {
        try {
            retry = loop.schedule(() -> {
                retry = null;
                attempt(null);
            }, retryIntervalMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException loopGone) {
            closed.set(true);
            finishClose();
        }
    }

    private void closeOnLoop() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        if (pending != null) {
            pending.close();
        }
        Channel channel = registered;
        registered = null;
        if (channel == null) {
            finishClose();
        } else {
            channel.close().addListener(f -> finishClose());
        }
    }

    private void finishClose() {
        boolean wasOpen = state != State.CLOSED;
        state = State.CLOSED;
        onClosed.accept(this);
        if (wasOpen && everRegistered) {
            fire(RegistrationEvent.Kind.CLOSED, null);
        }
        closeFuture.complete(null);
    }

    private void abandonFirst(CompletableFuture<EpmdRegistration> first) {
        finishClose();
        first.completeExceptionally(new EpmdException("registration of '" + entry.name()
                + "' abandoned: the EpmdClient was closed"));
    }

    private void fire(RegistrationEvent.Kind kind, Throwable cause) {
        try {
            listener.accept(new RegistrationEvent(kind, entry, creation, cause));
        } catch (RuntimeException e) {
            LOG.warn("registration listener of '{}' threw on {}; ignored", entry.name(), kind, e);
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
