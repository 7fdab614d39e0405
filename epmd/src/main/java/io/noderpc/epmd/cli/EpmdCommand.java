package io.noderpc.epmd.cli;

import io.noderpc.epmd.EpmdAddressInUseException;
import io.noderpc.epmd.EpmdException;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.epmd.internal.EpmdProtocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/epmd}: OTP's {@code epmd} program, flags, environment, output text and exit codes
 * included. Options are read left to right; {@code -names}, {@code -dump}, {@code -kill},
 * {@code -started} and {@code -stop NAME} must come last and run the client, anything else runs the
 * daemon.
 */
public final class EpmdCommand {

    /** Internal flag of the detached child started by {@code -daemon}. */
    static final String DAEMON_CHILD = "-noderpc-daemon-child";

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    int debug;
    int port;
    String addresses;
    boolean relaxed;
    boolean daemon;
    boolean daemonChild;
    int packetTimeout = EpmdProtocol.DEFAULT_PACKET_TIMEOUT_SECONDS;

    EpmdCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.port = portFromEnv(env.get("ERL_EPMD_PORT"));
    }

    public static void main(String[] args) {
        int status = new EpmdCommand(System.getenv(), System.out, System.err).run(args);
        if (status >= 0) {
            System.out.flush();
            System.exit(status);
        }
    }

    /**
     * Runs the command.
     *
     * @return the exit status, or -1 when a daemon was started in this process and keeps running
     */
    int run(String[] argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        while (!args.isEmpty()) {
            String a = args.remove(0);
            switch (a) {
                case "-d", "-debug" -> debug++;
                case "-packet_timeout" -> {
                    packetTimeout = positiveInt(args);
                    if (packetTimeout <= 0) {
                        return usage();
                    }
                }
                case "-delay_accept", "-delay_write" -> {
                    // Accepted for compatibility; these OTP test knobs only slow a server down.
                    if (positiveInt(args) <= 0) {
                        return usage();
                    }
                }
                case "-daemon" -> daemon = true;
                case DAEMON_CHILD -> daemonChild = true;
                case "-relaxed_command_check" -> relaxed = true;
                case "-address" -> {
                    if (args.isEmpty()) {
                        return usage();
                    }
                    addresses = args.remove(0);
                }
                case "-port" -> {
                    port = positiveInt(args);
                    if (port <= 0 || port > 0xFFFF) {
                        return usage();
                    }
                }
                case "-names", "-started", "-dump", "-kill" -> {
                    if (!args.isEmpty()) {
                        return usage();
                    }
                    EpmdCliClient client = new EpmdCliClient(port, out, err);
                    return switch (a) {
                        case "-names" -> client.names(false);
                        case "-started" -> client.names(true);
                        case "-dump" -> client.dump();
                        default -> client.kill();
                    };
                }
                case "-stop" -> {
                    if (args.size() != 1) {
                        return usage();
                    }
                    return new EpmdCliClient(port, out, err).stop(args.get(0));
                }
                default -> {
                    return usage();
                }
            }
        }
        if (env.containsKey("ERL_EPMD_RELAXED_COMMAND_CHECK")) {
            relaxed = true;
        }
        if (addresses == null) {
            addresses = env.get("ERL_EPMD_ADDRESS");
        }
        if (daemon && !daemonChild) {
            return DaemonLauncher.launch(argv, err);
        }
        return serve();
    }

    private int serve() {
        EpmdServer.Builder builder = EpmdServer.builder()
                .port(port)
                .relaxedCommandCheck(relaxed)
                .packetTimeout(Duration.ofSeconds(packetTimeout))
                .debugLevel(debug)
                .daemon(daemonChild)
                .debugOutput(daemonChild ? DaemonLauncher.nullStream() : err)
                .onKill(() -> System.exit(0));
        try {
            if (addresses != null && !addresses.isBlank()) {
                builder.address(addresses);
            }
        } catch (IllegalArgumentException e) {
            err.println("epmd: " + e.getMessage());
            return 1;
        }
        EpmdServer server;
        try {
            server = builder.build().start();
        } catch (EpmdAddressInUseException e) {
            if (debug > 0) {
                err.println("epmd: " + e.getMessage());
            }
            return 0;
        } catch (EpmdException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (daemonChild) {
            DaemonLauncher.signalReady(out, env.get(DaemonLauncher.PIDFILE_ENV));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "epmd-shutdown"));
        server.terminationFuture().join();
        return 0;
    }

    private int usage() {
        try (InputStream in = EpmdCommand.class.getResourceAsStream("usage.txt")) {
            err.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        err.flush();
        return 1;
    }

    /** OTP reads numbers with {@code atoi}: leading digits count, anything unparsable is 0. */
    private static int positiveInt(List<String> args) {
        return args.isEmpty() ? 0 : atoi(args.remove(0));
    }

    static int atoi(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && value < Integer.MAX_VALUE) {
            value = value * 10 + (s.charAt(i) - '0');
            i++;
        }
        value = Math.min(value, Integer.MAX_VALUE);
        return (int) (negative ? -value : value);
    }

    private static int portFromEnv(String value) {
        if (value == null) {
            return EpmdProtocol.DEFAULT_PORT;
        }
        int p = atoi(value);
        return p > 0 && p <= 0xFFFF ? p : EpmdProtocol.DEFAULT_PORT;
    }
}
