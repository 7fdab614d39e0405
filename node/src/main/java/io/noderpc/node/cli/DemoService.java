package io.noderpc.node.cli;

import io.noderpc.core.NodeName;
import io.noderpc.node.Node;
import io.noderpc.server.Service;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The service every {@code noderpc node} hosts under the name {@value #NAME}, to try calls from the command line
 * (or from any client) without writing one:
 * <table>
 *   <caption>Functions of the demo service</caption>
 *   <tr><td>{@code echo(x)}</td><td>returns {@code x}</td></tr>
 *   <tr><td>{@code add(a, b)}</td><td>{@code a + b}: a {@code Long} when both are integers ({@code Byte},
 *       {@code Short}, {@code Integer}, {@code Long}; an {@link ArithmeticException} on overflow), a {@code Double}
 *       when either is a {@code Float} or {@code Double}</td></tr>
 *   <tr><td>{@code sleep(ms)}</td><td>sleeps {@code ms} milliseconds (at most {@value #MAX_SLEEP_MILLIS}), returns
 *       {@code ms}; an interrupt (the caller's timeout or cancel) ends it early with an error</td></tr>
 *   <tr><td>{@code bytes(n)}</td><td>a {@code byte[n]} of zeros, {@code n} at most {@value #MAX_BYTES} (256 MiB);
 *       a result above the data channel's {@code maxMessageSize} (128 MiB by default) fails with a codec
 *       error</td></tr>
 *   <tr><td>{@code fail(message)}</td><td>throws a {@link RuntimeException} with {@code message}: the caller gets
 *       a {@code RemoteException}</td></tr>
 *   <tr><td>{@code node()}</td><td>the hosting node's name, as a {@code String}</td></tr>
 * </table>
 * Arguments of the wrong type or out of range fail with an {@link IllegalArgumentException} naming the function
 * and the value, which the caller receives as a {@code RemoteException}.
 *
 * <p>{@link #install} also registers the mailbox {@value #MAILBOX}, which hands every message it receives
 * ({@code abcast}/{@code sbcast}) to a consumer, e.g. to print it.
 */
public final class DemoService {

    /** The name of the service, and of the mailbox. */
    public static final String NAME = "demo";
    /** The name of the mailbox {@link #install} registers. */
    public static final String MAILBOX = "demo";
    /** The largest {@code bytes(n)}: 256 MiB. */
    public static final int MAX_BYTES = 256 << 20;
    /** The longest {@code sleep(ms)}: one hour. */
    public static final long MAX_SLEEP_MILLIS = 3_600_000;

    private DemoService() {
    }

    /**
     * The demo service of the node {@code node} (the value {@code node()} returns).
     */
    public static Service service(NodeName node) {
        Objects.requireNonNull(node, "node");
        String self = node.toString();
        return Service.builder(NAME)
                .function("echo", 1, args -> args[0])
                .function("add", 2, args -> add(args[0], args[1]))
                .function("sleep", 1, args -> sleep(args[0]))
                .function("bytes", 1, args -> bytes(args[0]))
                .function("fail", 1, args -> {
                    throw new RuntimeException(String.valueOf(args[0]));
                })
                .function("node", 0, args -> self)
                .build();
    }

    /**
     * Registers the service {@value #NAME} and the mailbox {@value #MAILBOX} on {@code node}, before or after it
     * started.
     *
     * @param received gets each message the mailbox receives; it may be called from several threads at once
     * @throws IllegalStateException if the node already has a service or mailbox of that name
     */
    public static void install(Node node, Consumer<Object> received) {
        Objects.requireNonNull(received, "received");
        node.services().register(service(node.name()));
        node.mailboxes().register(MAILBOX, received);
    }

    static Object add(Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            throw new IllegalArgumentException("add(a, b) takes two numbers, not " + describe(a) + " and "
                    + describe(b));
        }
        if (!(isIntegral(x) || isDecimal(x)) || !(isIntegral(y) || isDecimal(y))) {
            throw new IllegalArgumentException("add(a, b) adds integers and doubles, not " + describe(a) + " and "
                    + describe(b));
        }
        if (isIntegral(x) && isIntegral(y)) {
            return Math.addExact(x.longValue(), y.longValue());
        }
        return x.doubleValue() + y.doubleValue();
    }

    static long sleep(Object ms) throws InterruptedException {
        long millis = integral("sleep(ms)", ms);
        if (millis < 0 || millis > MAX_SLEEP_MILLIS) {
            throw new IllegalArgumentException("sleep(ms) takes 0.." + MAX_SLEEP_MILLIS + " milliseconds, not "
                    + millis);
        }
        Thread.sleep(millis);
        return millis;
    }

    static byte[] bytes(Object n) {
        long size = integral("bytes(n)", n);
        if (size < 0 || size > MAX_BYTES) {
            throw new IllegalArgumentException("bytes(n) returns at most " + MAX_BYTES + " bytes (256 MiB), not "
                    + size);
        }
        return new byte[(int) size];
    }

    private static long integral(String function, Object value) {
        if (value instanceof Number n && isIntegral(n)) {
            return n.longValue();
        }
        throw new IllegalArgumentException(function + " takes an integer, not " + describe(value));
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static boolean isDecimal(Number n) {
        return n instanceof Double || n instanceof Float;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String s ? "\"" + s + "\"" : TextFormat.result(value);
        return value.getClass().getSimpleName() + " " + text;
    }
}
