package io.noderpc.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the command line types the arguments of {@code call}, {@code cast} and {@code multicall}. One rule, applied to
 * each argument on its own, first match wins:
 * <ol>
 *   <li>{@code s:TEXT}: the {@code String} {@code TEXT} (the escape for strings that look like something else:
 *       {@code s:42}, {@code s:true}, {@code s:} for the empty string);</li>
 *   <li>an integer, {@code [+-]?[0-9]+}: a {@code Long} (one that does not fit in 64 bits is a usage error);</li>
 *   <li>a decimal, digits with a fraction or an exponent ({@code 2.5}, {@code -0.1}, {@code 1e3}): a
 *       {@code Double};</li>
 *   <li>{@code true} or {@code false}: a {@code Boolean};</li>
 *   <li>{@code null}: {@code null};</li>
 *   <li>anything else: the {@code String} as given.</li>
 * </ol>
 * Integers are always {@code Long}, never {@code Integer}, so a remote function sees the same type whatever the
 * size of the number; the demo service's {@code add} adds two {@code Long}s as a {@code Long} and anything with a
 * {@code Double} as a {@code Double}.
 */
final class Arguments {

    /** The prefix that forces a string. */
    static final String STRING_PREFIX = "s:";

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+\\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)");

    private Arguments() {
    }

    /**
     * Types every argument.
     *
     * @throws IllegalArgumentException naming the argument (1-based) that cannot be typed
     */
    static Object[] parse(List<String> args) {
        List<Object> values = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            try {
                values.add(parse(args.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("argument " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return values.toArray();
    }

    /**
     * Types one argument.
     *
     * @throws IllegalArgumentException if it is an integer that does not fit in a {@code Long}, or a decimal beyond
     *                                  the range of a {@code Double}
     */
    static Object parse(String arg) {
        if (arg.startsWith(STRING_PREFIX)) {
            return arg.substring(STRING_PREFIX.length());
        }
        if (INTEGER.matcher(arg).matches()) {
            try {
                return Long.parseLong(arg);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(arg + " does not fit in a 64-bit integer (write " + arg
                        + ".0 for a double, or " + STRING_PREFIX + arg + " for a string)");
            }
        }
        if (DECIMAL.matcher(arg).matches()) {
            double value = Double.parseDouble(arg);
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException(arg + " does not fit in a double (write " + STRING_PREFIX + arg
                        + " for a string)");
            }
            return value;
        }
        return switch (arg) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> arg;
        };
    }
}
