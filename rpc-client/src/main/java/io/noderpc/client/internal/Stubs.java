package io.noderpc.client.internal;

import io.noderpc.client.Cast;
import io.noderpc.client.Rpc;
import io.noderpc.client.RpcFuture;
import io.noderpc.client.RpcService;
import io.noderpc.core.CodecException;
import io.noderpc.core.NodeKey;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Typed proxies over {@link Rpc} (contract on {@link Rpc#stub}). */
public final class Stubs {

    private enum Kind { CALL, ASYNC_CALL, RPC_FUTURE, CAST, ORDERED_CAST }

    private Stubs() {
    }

    public static <T> T create(Rpc rpc, NodeKey node, Class<T> type) {
        Objects.requireNonNull(rpc, "rpc");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(type, "type");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("a stub is made from an interface; " + type.getName() + " is not one");
        }
        String service = serviceName(type);
        Map<Method, Kind> kinds = new HashMap<>();
        for (Method method : type.getMethods()) {
            if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
                kinds.put(method, kindOf(method));
            }
        }
        InvocationHandler handler = new Handler(rpc, node, service, type, kinds);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    static String serviceName(Class<?> type) {
        RpcService annotation = type.getAnnotation(RpcService.class);
        if (annotation == null) {
            return type.getSimpleName();
        }
        return annotation.version().isEmpty() ? annotation.value() : annotation.value() + "@" + annotation.version();
    }

    private static Kind kindOf(Method method) {
        Class<?> returns = method.getReturnType();
        Cast cast = method.getAnnotation(Cast.class);
        if (cast != null) {
            if (returns != void.class) {
                throw new IllegalArgumentException("@Cast method " + method.getDeclaringClass().getSimpleName() + "."
                        + method.getName() + " must return void: a cast has no result");
            }
            return cast.ordered() ? Kind.ORDERED_CAST : Kind.CAST;
        }
        if (returns == CompletableFuture.class || returns == CompletionStage.class) {
            return Kind.ASYNC_CALL;
        }
        if (returns == RpcFuture.class) {
            return Kind.RPC_FUTURE;
        }
        return Kind.CALL;
    }

    private static final class Handler implements InvocationHandler {
        private final Rpc rpc;
        private final NodeKey node;
        private final String service;
        private final Class<?> type;
        private final Map<Method, Kind> kinds;

        Handler(Rpc rpc, NodeKey node, String service, Class<?> type, Map<Method, Kind> kinds) {
            this.rpc = rpc;
            this.node = node;
            this.service = service;
            this.type = type;
            this.kinds = kinds;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            if (method.isDefault()) {
                return invokeDefault(proxy, method, args);
            }
            Object[] arguments = args == null ? new Object[0] : args;
            String function = method.getName();
            switch (kinds.get(method)) {
                case CAST:
                    rpc.cast(node, service, function, arguments);
                    return null;
                case ORDERED_CAST:
                    rpc.orderedCast(node, service, function, arguments);
                    return null;
                case ASYNC_CALL:
                    return rpc.asyncCall(node, service, function, arguments).toCompletableFuture();
                case RPC_FUTURE:
                    return rpc.asyncCall(node, service, function, arguments);
                default:
                    return convert(method, rpc.call(node, service, function, arguments));
            }
        }

        private Object invokeDefault(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                return InvocationHandler.invokeDefault(proxy, method, args);
            } catch (IllegalAccessException e) {
                // a non-public interface: its package is open to us on the class path
                return MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup())
                        .unreflectSpecial(method, method.getDeclaringClass())
                        .bindTo(proxy)
                        .invokeWithArguments(args == null ? new Object[0] : args);
            }
        }

        private Object convert(Method method, Object result) {
            Class<?> returns = method.getReturnType();
            if (returns == void.class) {
                return null;
            }
            Class<?> boxed = MethodTypes.box(returns);
            if (result == null ? returns.isPrimitive() : !boxed.isInstance(result)) {
                throw new CodecException(service + ":" + method.getName() + " on " + node + " returned "
                        + (result == null ? "null" : "a " + result.getClass().getName()) + " but "
                        + type.getSimpleName() + "." + method.getName() + " declares " + returns.getName()
                        + "; the interface does not match the remote service");
            }
            return result;
        }

        private Object objectMethod(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "RpcStub(" + type.getSimpleName() + " -> " + service + " on " + node + ")";
            }
        }
    }

    /** Boxing of primitive classes. */
    static final class MethodTypes {
        private MethodTypes() {
        }

        static Class<?> box(Class<?> type) {
            if (!type.isPrimitive()) {
                return type;
            }
            if (type == int.class) {
                return Integer.class;
            } else if (type == long.class) {
                return Long.class;
            } else if (type == boolean.class) {
                return Boolean.class;
            } else if (type == double.class) {
                return Double.class;
            } else if (type == float.class) {
                return Float.class;
            } else if (type == short.class) {
                return Short.class;
            } else if (type == byte.class) {
                return Byte.class;
            } else if (type == char.class) {
                return Character.class;
            }
            return Void.class;
        }
    }
}
