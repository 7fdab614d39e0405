package io.noderpc.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * A small JSON writer for benchmark results, so that the bench module needs no JSON library.
 *
 * <p>Values are {@code null}, {@link String}, {@link Boolean}, {@link Number}, {@code double[]},
 * {@link Collection} and {@link Map} (keys written with {@link String#valueOf}), nested at will.
 * Output is indented by two spaces; arrays of scalars stay on one line. Integers are written
 * exactly, other numbers with at most three decimals and never in exponent form; NaN and
 * infinities (not representable in JSON) become {@code null}.
 *
 * <p>Strings are escaped as RFC 8259 requires ({@code "}, {@code \}, U+0000–U+001F), plus U+2028,
 * U+2029 (line terminators to JavaScript) and unpaired surrogates (which have no UTF-8 encoding),
 * all as {@code \}{@code uXXXX} unless a short escape exists. Anything else is written as is.
 */
public final class Json {

    private static final int DECIMALS = 3;

    private Json() {
    }

    /** The JSON text of {@code value}, without a trailing newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(1024);
        write(sb, value, 0);
        return sb.toString();
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            quote(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Number n) {
            number(sb, n);
        } else if (value instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ");
                number(sb, a[i]);
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> m) {
            object(sb, m, depth);
        } else if (value instanceof Collection<?> c) {
            array(sb, c, depth);
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            newline(sb, depth + 1);
            quote(sb, String.valueOf(e.getKey()));
            sb.append(": ");
            write(sb, e.getValue(), depth + 1);
            if (it.hasNext()) {
                sb.append(',');
            }
        }
        newline(sb, depth);
        sb.append('}');
    }

    private static void array(StringBuilder sb, Collection<?> values, int depth) {
        if (values.isEmpty()) {
            sb.append("[]");
            return;
        }
        boolean scalars = values.stream().noneMatch(v -> v instanceof Map || v instanceof Collection
                || v instanceof double[]);
        sb.append('[');
        Iterator<?> it = values.iterator();
        while (it.hasNext()) {
            if (!scalars) {
                newline(sb, depth + 1);
            }
            write(sb, it.next(), depth + 1);
            if (it.hasNext()) {
                sb.append(scalars ? ", " : ",");
            }
        }
        if (!scalars) {
            newline(sb, depth);
        }
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n');
        sb.append("  ".repeat(depth));
    }

    private static void number(StringBuilder sb, Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            sb.append(n.longValue());
        } else if (n instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else {
            number(sb, n.doubleValue());
        }
    }

    private static void number(StringBuilder sb, double d) {
        if (!Double.isFinite(d)) {
            sb.append("null");
            return;
        }
        BigDecimal v = BigDecimal.valueOf(d).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (v.signum() == 0) {
            sb.append('0');
        } else {
            sb.append(v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || unpairedSurrogate(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
