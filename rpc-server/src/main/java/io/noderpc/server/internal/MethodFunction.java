package io.noderpc.server.internal;

import io.noderpc.server.RpcFunction;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An exported Java method as an {@link RpcFunction}: a method handle bound to the target and spread over an
 * {@code Object[]}, built once at registration. Before invoking it checks each argument against its parameter type
 * with the conversions {@code Method.invoke} allows (unboxing, primitive widening), so that a signature mismatch is
 * reported as {@link ArgumentMismatchException} rather than as a failure of the function.
 */
public final class MethodFunction implements RpcFunction {

    private static final MethodType SPREAD = MethodType.methodType(Object.class, Object[].class);
    private static final Map<Class<?>, Class<?>> PRIMITIVE_OF = Map.of(
            Boolean.class, boolean.class, Byte.class, byte.class, Short.class, short.class,
            Character.class, char.class, Integer.class, int.class, Long.class, long.class,
            Float.class, float.class, Double.class, double.class);
    /** Widening order of the numeric primitives (JLS 5.1.2); char widens to int and above only. */
    private static final Map<Class<?>, Integer> RANK = Map.of(byte.class, 1, short.class, 2, char.class, 2,
            int.class, 3, long.class, 4, float.class, 5, double.class, 6);

    private final Method method;
    private final Class<?>[] parameterTypes;
    private final MethodHandle handle;

    private MethodFunction(Method method, MethodHandle handle) {
        this.method = method;
        this.parameterTypes = method.getParameterTypes();
        this.handle = handle;
    }

    /**
     * The function calling {@code method} on {@code target}.
     *
     * @throws IllegalArgumentException if the method is static or cannot be made accessible
     */
    public static MethodFunction of(Method method, Object target) {
        if (Modifier.isStatic(method.getModifiers())) {
            throw new IllegalArgumentException("cannot export static method " + method);
        }
        MethodHandle direct;
        try {
            direct = MethodHandles.publicLookup().unreflect(method);
        } catch (IllegalAccessException notPublic) {
            try {
                method.setAccessible(true);
                direct = MethodHandles.lookup().unreflect(method);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalArgumentException("cannot export " + method + ": it is not accessible (" + e
                        + "); make its class public, or export it through a public interface", e);
            }
        }
        int arity = method.getParameterCount();
        MethodHandle spread = direct.bindTo(target).asSpreader(Object[].class, arity).asType(SPREAD);
        return new MethodFunction(method, spread);
    }

    /** The number of parameters. */
    public int arity() {
        return parameterTypes.length;
    }

    /** The method, e.g. for messages. */
    public Method method() {
        return method;
    }

    @Override
    public Object apply(Object[] args) throws Exception {
        checkArguments(args);
        try {
            return (Object) handle.invokeExact(args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    private void checkArguments(Object[] args) {
        boolean ok = args.length == parameterTypes.length;
        for (int i = 0; ok && i < args.length; i++) {
            ok = accepts(parameterTypes[i], args[i]);
        }
        if (!ok) {
            StringJoiner got = new StringJoiner(", ", "(", ")");
            for (Object arg : args) {
                got.add(arg == null ? "null" : arg.getClass().getSimpleName());
            }
            throw new ArgumentMismatchException(signature() + " cannot take the arguments " + got
                    + "; the two ends disagree on the signature");
        }
    }

    /** E.g. {@code add(int, int)}. */
    public String signature() {
        StringJoiner params = new StringJoiner(", ", method.getName() + "(", ")");
        for (Class<?> type : parameterTypes) {
            params.add(type.getSimpleName());
        }
        return params.toString();
    }

    static boolean accepts(Class<?> parameter, Object arg) {
        if (arg == null) {
            return !parameter.isPrimitive();
        }
        if (!parameter.isPrimitive()) {
            return parameter.isInstance(arg);
        }
        Class<?> from = PRIMITIVE_OF.get(arg.getClass());
        if (from == null || from == parameter) {
            return from != null;
        }
        Integer fromRank = RANK.get(from);
        Integer toRank = RANK.get(parameter);
        if (fromRank == null || toRank == null || parameter == char.class) {
            return false; // boolean never converts; nothing widens to char
        }
        return from == char.class ? toRank >= 3 : toRank > fromRank;
    }

    @Override
    public String toString() {
        return signature();
    }
}
