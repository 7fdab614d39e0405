package io.noderpc.epmd;

import java.util.concurrent.CompletableFuture;

/**
 * A node name registered with EPMD, alive as long as its TCP connection to the daemon is open.
 *
 * <p>EPMD keeps a registration exactly as long as the connection that made it: closing it, or
 * sending any byte on it, unregisters the name. This object owns that connection and never writes
 * on it after the ALIVE2_REQ. {@link #close()} unregisters. If the connection drops by itself (the
 * daemon restarted, {@code epmd -stop NAME}), {@link #state()} becomes {@link State#LOST} and, with
 * {@link RegistrationOptions#autoReregister()}, the client registers the same entry again every
 * {@link EpmdClientOptions#reregisterInterval()} until it succeeds (state back to
 * {@link State#REGISTERED}, new {@link #creation()}) or the registration is closed. Failed attempts
 * (daemon down, name taken meanwhile) are reported to the listener and retried.
 *
 * <p>Thread-safe. Closing the {@link EpmdClient} closes its registrations.
 */
public interface EpmdRegistration extends AutoCloseable {

    /** Where a registration stands. */
    enum State {
        /** EPMD holds the name for this connection. */
        REGISTERED,
        /** The connection dropped; re-registering if enabled, otherwise it stays lost until closed. */
        LOST,
        /** Closed by {@link #close()} or by closing the client; final. */
        CLOSED
    }

    /** What was registered. */
    EpmdEntry entry();

    /**
     * The creation EPMD handed out with the latest successful registration: 32 bits when the
     * entry's highest version is 6 or more (read unsigned with {@link Integer#toUnsignedLong}),
     * 1..3 otherwise (OTP's epmd never hands out 0). Changes after each re-registration.
     */
    int creation();

    State state();

    /** Whether EPMD currently holds the name for this registration ({@code state() == REGISTERED}). */
    default boolean isRegistered() {
        return state() == State.REGISTERED;
    }

    /**
     * Unregisters by closing the connection and stops re-registering. Idempotent and non-blocking;
     * the returned future completes once the connection is closed. EPMD removes the name as soon as
     * it sees the close, so a lookup right after may briefly still find it.
     */
    CompletableFuture<Void> closeAsync();

    /** {@link #closeAsync()} without waiting. */
    @Override
    default void close() {
        closeAsync();
    }
}
