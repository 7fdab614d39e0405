package io.noderpc.server;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The services a server exports, by name. Explicit exports only: a call reaches a function only if it was
 * registered here (see {@link Service}), and the server's allow-list or deny-list is checked first.
 *
 * <pre>{@code
 * ServiceRegistry services = server.services();
 * services.register("math", new MathService());                 // its public methods
 * services.register("calc", Calculator.class, new CalcImpl());  // exactly the interface's methods
 * services.register(Service.builder("echo").function("echo", 1, args -> args[0]).build());
 * }</pre>
 *
 * <p>Thread-safe; registration may change while the server runs. A call looks its service up when its frame
 * arrives: a call already admitted keeps the service it found, later calls see the change.
 */
public final class ServiceRegistry {

    private final ConcurrentMap<String, Service> services = new ConcurrentHashMap<>();

    /**
     * Registers {@code service} under its name.
     *
     * @return the service
     * @throws IllegalStateException if a service of that name is registered
     */
    public Service register(Service service) {
        Objects.requireNonNull(service, "service");
        Service previous = services.putIfAbsent(service.name(), service);
        if (previous != null) {
            throw new IllegalStateException("a service named " + service.name() + " is already registered ("
                    + previous + "); unregister it first to replace it");
        }
        return service;
    }

    /**
     * Registers the public instance methods of {@code impl} as service {@code name} ({@link Service#of(String,
     * Object)}).
     *
     * @throws IllegalArgumentException if two of the methods share a name and parameter count, or there are none
     * @throws IllegalStateException if a service of that name is registered
     */
    public Service register(String name, Object impl) {
        return register(Service.of(name, impl));
    }

    /**
     * Registers the methods of interface {@code api}, called on {@code impl}, as service {@code name}
     * ({@link Service#of(String, Class, Object)}): the export a typed stub of {@code api} calls.
     *
     * @throws IllegalArgumentException if {@code api} is not an interface or has same-arity overloads
     * @throws IllegalStateException if a service of that name is registered
     */
    public <T> Service register(String name, Class<T> api, T impl) {
        return register(Service.of(name, api, impl));
    }

    /**
     * Removes the service {@code name}. Calls already admitted finish; later ones get {@code NoSuchFunction}.
     *
     * @return whether it was registered
     */
    public boolean unregister(String name) {
        return services.remove(name) != null;
    }

    /** The service registered as {@code name}. */
    public Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The registered names, sorted; a snapshot. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(services.keySet()));
    }

    @Override
    public String toString() {
        return "ServiceRegistry" + new TreeSet<>(services.keySet());
    }
}
