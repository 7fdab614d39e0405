package io.noderpc.server;

import io.noderpc.server.internal.MethodFunction;
import io.noderpc.server.internal.WireNames;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A named set of functions that remote nodes may call, optionally versioned; register it with a
 * {@link ServiceRegistry}. Only what is exported here is callable: there is no reflection on arbitrary classes at
 * call time, and nothing of {@code Object} ({@code toString}, {@code wait}, ...) is ever exported.
 *
 * <p>A function is identified by its name and its arity (number of arguments). Calls are matched by name, then by
 * the number of arguments they carry, so a service may not export two functions with the same name and arity
 * (Java overloads of the same arity are refused at registration). A function registered without an arity takes
 * any number of arguments and is used when no export matches the exact arity.
 *
 * <pre>{@code
 * Service math = Service.builder("math")
 *         .version("2")                                        // callers may ask for "math@2"
 *         .export(Calculator.class, new CalculatorImpl())      // the interface's methods: add/2, neg/1, ...
 *         .function("sum", args -> Arrays.stream(args).mapToInt(a -> (Integer) a).sum())   // any arity
 *         .build();
 * }</pre>
 *
 * <p><b>Typed stubs.</b> A client stub for interface {@code I} calls function {@code m.getName()} with the
 * method's arguments in order; {@link Builder#export(Class, Object) export(I.class, impl)} exports exactly those
 * functions, so the same interface on both nodes is the whole contract (it must not declare two methods with the
 * same name and parameter count).
 *
 * <p>Immutable and thread-safe.
 */
public final class Service {

    private final String name;
    private final String version;
    private final Map<String, Exports> functions;
    private final boolean nonBlocking;

    private Service(Builder builder) {
        this.name = builder.name;
        this.version = builder.version;
        this.nonBlocking = builder.nonBlocking;
        this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.functions));
    }

    /**
     * A builder for the service {@code name}.
     *
     * @throws IllegalArgumentException if the name is empty, longer than 255 UTF-8 bytes, or contains {@code @} or
     *                                  control characters
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The service exporting the public instance methods of {@code impl}'s class; see {@link Builder#exportAll}. */
    public static Service of(String name, Object impl) {
        return builder(name).exportAll(impl).build();
    }

    /** The service exporting the methods of interface {@code api}; see {@link Builder#export}. */
    public static <T> Service of(String name, Class<T> api, T impl) {
        return builder(name).export(api, impl).build();
    }

    /** The name callers use. */
    public String name() {
        return name;
    }

    /** The version callers may ask for with {@code name@version}, if one was set. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /**
     * Whether its calls and unordered casts run on the link's event loop instead of a worker: see
     * {@link Builder#nonBlocking()}.
     */
    public boolean nonBlocking() {
        return nonBlocking;
    }

    /** The names of the exported functions. */
    public Set<String> functionNames() {
        return functions.keySet();
    }

    /** Whether a function of this name is exported, with any arity. */
    public boolean exports(String function) {
        return functions.containsKey(function);
    }

    /** The arities exported under {@code function}, without the any-arity export; empty if none. */
    public SortedSet<Integer> arities(String function) {
        Exports exports = functions.get(function);
        return exports == null ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(exports.byArity.keySet()));
    }

    /**
     * The function to run for a call of {@code function} with {@code arity} arguments: the export of that exact
     * arity, else the any-arity export, else empty.
     */
    public Optional<RpcFunction> function(String function, int arity) {
        Exports exports = functions.get(function);
        if (exports == null) {
            return Optional.empty();
        }
        RpcFunction exact = exports.byArity.get(arity);
        return Optional.ofNullable(exact != null ? exact : exports.anyArity);
    }

    /** E.g. {@code math@2 [add/2, neg/1, sum/*]}. */
    @Override
    public String toString() {
        StringJoiner all = new StringJoiner(", ", name + (version == null ? "" : "@" + version)
                + (nonBlocking ? " (non-blocking)" : "") + " [", "]");
        functions.forEach((fn, exports) -> {
            exports.byArity.keySet().forEach(arity -> all.add(fn + "/" + arity));
            if (exports.anyArity != null) {
                all.add(fn + "/*");
            }
        });
        return all.toString();
    }

    /** The exports under one function name. */
    private static final class Exports {
        final SortedMap<Integer, RpcFunction> byArity = new TreeMap<>();
        final Map<Integer, String> descriptions = new TreeMap<>();
        RpcFunction anyArity;
    }

    /**
     * Builds a {@link Service}. Each method validates at once and throws {@link IllegalArgumentException} naming
     * the problem; not thread-safe.
     */
    public static final class Builder {

        private final String name;
        private String version;
        private final Map<String, Exports> functions = new LinkedHashMap<>();
        private boolean nonBlocking;

        private Builder(String name) {
            this.name = WireNames.check(name, "service name", false);
        }

        /**
         * Sets the version, checked against callers asking for {@code name@version}; callers asking for the bare
         * name reach any version.
         */
        public Builder version(String version) {
            this.version = WireNames.check(version, "version of service " + name, false);
            return this;
        }

        /**
         * Declares that every function of this service returns quickly and never blocks (no I/O, no locks held
         * long, no waiting on another call): its calls and unordered casts then run on the event loop that read
         * them, as soon as they are read, instead of being handed to a worker. That saves two thread hand-offs
         * per call (to the worker and back to the loop), which is most of a small call's latency on loopback.
         *
         * <p>The price: while such a function runs, its event loop reads and writes nothing else, for every link
         * it serves; a function that blocks stalls them all, and arguments are decoded, results encoded and
         * failures logged on the loop too, so keep it for small, quick functions. Reached over a node's
         * distribution channel ({@code Node.distRpc()}), it runs on the thread that also carries that node's
         * ticks to and from every peer: a slow function there can make peers take the node for down. Ordered
         * casts still run on their link's ordered lane, one at a time (their order is kept with the ordered casts
         * of other services); a running call is interrupted neither by its caller's cancel nor by
         * {@code closeNow()}. The bounds on requests in flight apply as for any call. By default a service runs on
         * workers (virtual threads on Java 21+), where blocking is safe.
         */
        public Builder nonBlocking() {
            this.nonBlocking = true;
            return this;
        }

        /**
         * Exports the public instance methods of {@code impl}'s class, inherited ones included, except those of
         * {@code Object} (and overrides of them) and bridge or synthetic methods. A non-public class is made
         * accessible, which works on the class path; on the module path export through a public interface.
         *
         * @throws IllegalArgumentException if two of them share a name and parameter count, or clash with earlier
         *                                  exports
         */
        public Builder exportAll(Object impl) {
            Objects.requireNonNull(impl, "impl");
            for (Method method : impl.getClass().getMethods()) {
                if (!Modifier.isStatic(method.getModifiers()) && !method.isBridge() && !method.isSynthetic()
                        && !isObjectMethod(method)) {
                    add(method.getName(), MethodFunction.of(method, impl));
                }
            }
            return this;
        }

        /**
         * Exports the methods of interface {@code api} (abstract, default and inherited; not static), each called
         * on {@code impl}: function name = method name, arity = parameter count. This is the export a typed stub
         * of {@code api} on the client calls.
         *
         * @throws IllegalArgumentException if {@code api} is not an interface, or two of its methods share a name
         *                                  and parameter count, or clash with earlier exports
         */
        public <T> Builder export(Class<T> api, T impl) {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(impl, "impl");
            if (!api.isInterface()) {
                throw new IllegalArgumentException(api.getName() + " is not an interface; use exportAll(impl) to"
                        + " export a class's public methods");
            }
            for (Method method : api.getMethods()) {
                if (!Modifier.isStatic(method.getModifiers()) && !isObjectMethod(method)) {
                    add(method.getName(), MethodFunction.of(method, api.cast(impl)));
                }
            }
            return this;
        }

        /** Exports {@code function}, taking any number of arguments (used when no exact-arity export matches). */
        public Builder function(String function, RpcFunction handler) {
            Objects.requireNonNull(handler, "handler");
            Exports exports = exportsOf(function);
            if (exports.anyArity != null) {
                throw new IllegalArgumentException("service " + name + " already exports an any-arity function '"
                        + function + "'");
            }
            exports.anyArity = handler;
            return this;
        }

        /** Exports {@code function} for calls with exactly {@code arity} arguments. */
        public Builder function(String function, int arity, RpcFunction handler) {
            Objects.requireNonNull(handler, "handler");
            if (arity < 0 || arity > 255) {
                throw new IllegalArgumentException("arity of " + name + ":" + function + " must be 0..255: " + arity);
            }
            put(function, arity, handler, function + "/" + arity);
            return this;
        }

        private void add(String function, MethodFunction method) {
            put(function, method.arity(), method, method.signature());
        }

        private void put(String function, int arity, RpcFunction handler, String description) {
            Exports exports = exportsOf(function);
            String previous = exports.descriptions.putIfAbsent(arity, description);
            if (previous != null) {
                throw new IllegalArgumentException("service " + name + ": " + previous + " and " + description
                        + " both export '" + function + "' with " + arity + " argument(s); calls are matched by name"
                        + " and argument count, so same-arity overloads cannot be told apart: rename one, or export"
                        + " through an interface that declares only one");
            }
            exports.byArity.put(arity, handler);
        }

        private Exports exportsOf(String function) {
            WireNames.check(function, "function name", true);
            return functions.computeIfAbsent(function, f -> new Exports());
        }

        /**
         * The service.
         *
         * @throws IllegalArgumentException if it exports no function
         */
        public Service build() {
            if (functions.isEmpty()) {
                throw new IllegalArgumentException("service " + name + " exports no function: give it public"
                        + " methods, an interface, or function(...) handlers");
            }
            return new Service(this);
        }

        private static boolean isObjectMethod(Method method) {
            try {
                Object.class.getMethod(method.getName(), method.getParameterTypes());
                return true;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    }
}
