package io.noderpc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Loopback ports: finding a free one, and waiting until a process accepts on one. */
public final class Ports {

    /** The pause between two connection attempts while waiting for a listener. */
    public static final Duration POLL_INTERVAL = Duration.ofNanos(200_000);
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago (another process may take it before we do). */
    public static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a TCP connection to 127.0.0.1:{@code port} succeeds; the connection is closed at once. */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls 127.0.0.1:{@code port} every {@link #POLL_INTERVAL} until a connection succeeds, and
     * returns {@link System#nanoTime()} of that success.
     *
     * @throws IllegalStateException if {@code process} ends first
     * @throws TimeoutException      if nothing accepts within {@code timeout}
     */
    public static long awaitAccepting(int port, ProcessHandle process, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (accepts(port)) {
                return System.nanoTime();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process " + process.pid() + " ended before port " + port
                        + " accepted a connection");
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
        throw new TimeoutException("nothing accepted on port " + port + " within " + timeout);
    }
}
