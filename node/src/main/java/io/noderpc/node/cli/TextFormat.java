package io.noderpc.node.cli;

import io.noderpc.core.RemoteException;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/** How the command line prints results and failures. */
final class TextFormat {

    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

    private TextFormat() {
    }

    /**
     * A result as one prints it: {@code null} as {@code null}, a {@code byte[]} as {@code <N bytes>}, other arrays,
     * collections and maps element by element (so that a {@code byte[]} inside one is still {@code <N bytes>}), and
     * anything else by its {@code toString()}.
     */
    static String result(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + (bytes.length == 1 ? " byte>" : " bytes>");
        }
        if (value.getClass().isArray()) {
            StringJoiner all = new StringJoiner(", ", "[", "]");
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                all.add(result(Array.get(value, i)));
            }
            return all.toString();
        }
        if (value instanceof Collection<?> collection) {
            StringJoiner all = new StringJoiner(", ", "[", "]");
            collection.forEach(element -> all.add(result(element)));
            return all.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringJoiner all = new StringJoiner(", ", "{", "}");
            map.forEach((k, v) -> all.add(result(k) + "=" + result(v)));
            return all.toString();
        }
        return value.toString();
    }

    /**
     * A failure on one line: {@code remote error: CLASS: MESSAGE} for what a remote function threw, else the
     * exception's message (its class name if it has none).
     */
    static String error(Throwable failure) {
        if (failure instanceof RemoteException remote) {
            String message = remote.remoteMessage();
            return oneLine("remote error: " + remote.remoteClassName()
                    + (message == null || message.isEmpty() ? "" : ": " + message));
        }
        String message = failure.getMessage();
        return oneLine(message == null || message.isBlank() ? failure.getClass().getName() : message);
    }

    /** {@code text} with its line breaks (and the blanks around them) folded into single spaces. */
    static String oneLine(String text) {
        return LINE_BREAKS.matcher(text.strip()).replaceAll(" ");
    }
}
