package io.noderpc.epmd;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How an {@link EpmdRegistration} behaves once made. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@link #autoReregister()}, default {@value #DEFAULT_AUTO_REREGISTER}: when the registration
 *       connection closes without {@link EpmdRegistration#close()} (the daemon restarted, or
 *       {@code epmd -stop NAME}), register again every
 *       {@link EpmdClientOptions#reregisterInterval()} until it succeeds or the registration is
 *       closed, as OTP nodes do. Each success brings a new creation.</li>
 *   <li>{@link #listener()}, default none: receives every {@link RegistrationEvent}, the initial
 *       {@code REGISTERED} included, in order, on the client's event loop. It must return quickly
 *       and never block; exceptions it throws are logged and ignored.</li>
 * </ul>
 */
public final class RegistrationOptions {

    public static final boolean DEFAULT_AUTO_REREGISTER = true;

    private static final Consumer<RegistrationEvent> NO_LISTENER = event -> { };
    private static final RegistrationOptions DEFAULTS = builder().build();

    private final boolean autoReregister;
    private final Consumer<RegistrationEvent> listener;

    private RegistrationOptions(Builder builder) {
        this.autoReregister = builder.autoReregister;
        this.listener = builder.listener;
    }

    /** Auto re-registration on, no listener. */
    public static RegistrationOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean autoReregister() {
        return autoReregister;
    }

    public Consumer<RegistrationEvent> listener() {
        return listener;
    }

    @Override
    public String toString() {
        return "RegistrationOptions[autoReregister=" + autoReregister
                + ", listener=" + (listener == NO_LISTENER ? "none" : "set") + "]";
    }

    /** Builder of {@link RegistrationOptions}; not thread-safe. */
    public static final class Builder {

        private boolean autoReregister = DEFAULT_AUTO_REREGISTER;
        private Consumer<RegistrationEvent> listener = NO_LISTENER;

        private Builder() {
        }

        /** Whether to register again after the connection drops (default {@value #DEFAULT_AUTO_REREGISTER}). */
        public Builder autoReregister(boolean autoReregister) {
            this.autoReregister = autoReregister;
            return this;
        }

        /** Receives every event of the registration, on the event loop; must not block. */
        public Builder listener(Consumer<RegistrationEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public RegistrationOptions build() {
            return new RegistrationOptions(this);
        }
    }
}
