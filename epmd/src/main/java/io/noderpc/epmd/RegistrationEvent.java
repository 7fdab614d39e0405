package io.noderpc.epmd;

import java.util.Objects;

/**
 * A change in the life of an {@link EpmdRegistration}, delivered to
 * {@link RegistrationOptions#listener()}.
 *
 * @param kind     what happened
 * @param entry    the registered entry
 * @param creation the creation EPMD handed out: the new one for {@link Kind#REGISTERED}, the last
 *                 one otherwise
 * @param cause    why, for {@link Kind#LOST} (may be null: the daemon closed the connection) and
 *                 {@link Kind#REREGISTRATION_FAILED}; null otherwise
 */
public record RegistrationEvent(Kind kind, EpmdEntry entry, int creation, Throwable cause) {

    /** Kinds of events, in the order a registration can go through them. */
    public enum Kind {
        /** EPMD accepted the registration: the first time, and after each successful re-registration. */
        REGISTERED,
        /** The registration connection closed without {@link EpmdRegistration#close()}: the name is gone. */
        LOST,
        /** A re-registration attempt failed; another follows after the interval. */
        REREGISTRATION_FAILED,
        /** {@link EpmdRegistration#close()} took effect (or the client was closed). Always the last event. */
        CLOSED
    }

    public RegistrationEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entry, "entry");
    }
}
