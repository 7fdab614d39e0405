package io.noderpc.bench.calls;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the lines {@code noderpc_bench_erpc.erl} prints on standard output: its readiness and one
 * result per load. Every line of the protocol starts with {@value #PREFIX}; other lines (a crash
 * report from Erlang's logger) are not the protocol's.
 * <pre>
 * noderpc_bench ready otp=25 erts=13.1.5
 * noderpc_bench calls ops=N errors=N elapsed_us=N samples=N p50_us=F p99_us=F
 * noderpc_bench pipelined ops=N errors=N elapsed_us=N samples=N p50_us=F p99_us=F
 * noderpc_bench casts sent=N delivered=N elapsed_us=N
 * noderpc_bench error REASON
 * </pre>
 */
final class ErpcReport {

    static final String PREFIX = "noderpc_bench ";

    private ErpcReport() {
    }

    /** Whether {@code line} belongs to the protocol. */
    static boolean isReport(String line) {
        return line.startsWith(PREFIX);
    }

    /** The figures of a {@code calls} line. */
    static LoadFigures calls(String line) {
        return calls(line, "calls");
    }

    /** The figures of a {@code pipelined} line. */
    static LoadFigures pipelined(String line) {
        return calls(line, "pipelined");
    }

    private static LoadFigures calls(String line, String kind) {
        Map<String, String> f = fields(line, kind);
        long ops = count(f, "ops", line);
        long errors = count(f, "errors", line);
        if (ops == 0) {
            throw new IllegalStateException("erpc: no call completed (" + errors + " failed)");
        }
        return new LoadFigures(ops, errors, seconds(f, line), number(f, "p50_us", line), number(f, "p99_us", line));
    }

    /** The figures of a {@code casts} line: messages the server handled, and those it never did. */
    static LoadFigures casts(String line) {
        Map<String, String> f = fields(line, "casts");
        long sent = count(f, "sent", line);
        long delivered = count(f, "delivered", line);
        if (delivered == 0) {
            throw new IllegalStateException("erpc: no cast was handled (" + sent + " sent)");
        }
        return LoadFigures.oneWay(delivered, Math.max(0, sent - delivered), seconds(f, line));
    }

    /** The {@code key=value} fields of a {@code ready} line, e.g. {@code otp} and {@code erts}. */
    static Map<String, String> ready(String line) {
        return fields(line, "ready");
    }

    /**
     * The fields of a line of the given kind.
     *
     * @throws IllegalStateException for an {@code error} line, with Erlang's reason
     * @throws IllegalArgumentException for a line of another kind or a malformed one
     */
    static Map<String, String> fields(String line, String kind) {
        if (!isReport(line)) {
            throw new IllegalArgumentException("not a report of noderpc_bench_erpc: '" + line + "'");
        }
        String[] words = line.substring(PREFIX.length()).trim().split("\\s+");
        if (words[0].equals("error")) {
            throw new IllegalStateException("erpc: " + line.substring(PREFIX.length() + "error".length()).trim());
        }
        if (!words[0].equals(kind)) {
            throw new IllegalArgumentException("expected a '" + kind + "' report, got '" + line + "'");
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + words[i] + "' is not key=value in '" + line + "'");
            }
            fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return fields;
    }

    private static double seconds(Map<String, String> f, String line) {
        long micros = count(f, "elapsed_us", line);
        if (micros <= 0) {
            throw new IllegalArgumentException("elapsed_us must be positive in '" + line + "'");
        }
        return micros / 1e6;
    }

    private static long count(Map<String, String> f, String key, String line) {
        String v = require(f, key, line);
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new IllegalArgumentException(key + " is negative in '" + line + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a count in '" + line + "'", e);
        }
    }

    private static double number(Map<String, String> f, String key, String line) {
        String v = require(f, key, line);
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d) || d < 0) {
                throw new IllegalArgumentException(key + "=" + v + " is not a time in '" + line + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a number in '" + line + "'", e);
        }
    }

    private static String require(Map<String, String> f, String key, String line) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key + " in '" + line + "'");
        }
        return v;
    }
}
