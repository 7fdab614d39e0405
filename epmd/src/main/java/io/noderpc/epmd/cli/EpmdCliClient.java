package io.noderpc.epmd.cli;

import io.noderpc.epmd.internal.EpmdProtocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The interactive side of {@code bin/epmd} ({@code -names}, {@code -dump}, {@code -kill},
 * {@code -stop}), byte for byte as OTP's {@code epmd_cli.c}: it connects to {@code ::1}, then to
 * {@code 127.0.0.1}, sends one request and prints the reply as OTP's client does. Plain blocking
 * sockets: one request, one reply, and a process that exits right after.
 */
final class EpmdCliClient {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** Replies are bounded: a runaway peer cannot make the client read forever. */
    private static final int READ_TIMEOUT_MS = 30_000;

    private final int port;
    private final PrintStream out;
    private final PrintStream err;

    EpmdCliClient(int port, PrintStream out, PrintStream err) {
        this.port = port;
        this.out = out;
        this.err = err;
    }

    /** {@code -names} (or {@code -started}, silently): the port header, then every byte to EOF. */
    int names(boolean silent) {
        return headerThenCopy(EpmdProtocol.NAMES_REQ, silent);
    }

    /** {@code -dump}: as {@code -names}, with DUMP_REQ. */
    int dump() {
        return headerThenCopy(EpmdProtocol.DUMP_REQ, false);
    }

    /** {@code -kill}: "Killed" (0), "Killing not allowed..." (1), or the raw short reply (1). */
    int kill() {
        try (Socket s = connect(false)) {
            if (s == null) {
                return 1;
            }
            send(s, new byte[] {EpmdProtocol.KILL_REQ});
            byte[] reply = readUpTo(s.getInputStream(), 2);
            if (reply.length == 2) {
                if (reply[0] == 'O' && reply[1] == 'K') {
                    out.println("Killed");
                    return 0;
                }
                out.println("Killing not allowed - living nodes in database.");
                return 1;
            }
            out.println("epmd: local epmd responded with <" + ascii(reply) + ">");
            return 1;
        } catch (IOException e) {
            out.println("epmd: local epmd responded with <>");
            return 1;
        }
    }

    /** {@code -stop NAME}: prints the 7-byte reply ("STOPPED" or "NOEXIST"). */
    int stop(String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 1000) {
            out.println("epmd: Name too long!");
            return 1;
        }
        try (Socket s = connect(false)) {
            if (s == null) {
                return 1;
            }
            byte[] body = new byte[1 + nameBytes.length];
            body[0] = EpmdProtocol.STOP_REQ;
            System.arraycopy(nameBytes, 0, body, 1, nameBytes.length);
            send(s, body);
            byte[] reply = readUpTo(s.getInputStream(), 7);
            if (reply.length == 7) {
                out.println(ascii(reply));
                return 0;
            }
            out.println("epmd: local epmd responded with <" + ascii(reply) + ">");
            return 1;
        } catch (IOException e) {
            out.println("epmd: local epmd responded with <>");
            return 1;
        }
    }

    private int headerThenCopy(byte tag, boolean silent) {
        try (Socket s = connect(silent)) {
            if (s == null) {
                return 1;
            }
            send(s, new byte[] {tag});
            InputStream in = s.getInputStream();
            byte[] header = readUpTo(in, 4);
            if (header.length != 4) {
                if (!silent) {
                    out.println("epmd: no response from local epmd");
                }
                return 1;
            }
            int epmdPort = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16)
                    | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            if (!silent) {
                out.println("epmd: up and running on port " + epmdPort + " with data:");
            }
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (!silent) {
                    out.write(buf, 0, n);
                }
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            // The reply ended early: OTP's client prints what it got and stops there, successfully.
            out.flush();
            return 0;
        }
    }

    private Socket connect(boolean silent) {
        for (String host : new String[] {"::1", "127.0.0.1"}) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                s.setSoTimeout(READ_TIMEOUT_MS);
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
        if (!silent) {
            err.println("epmd: Cannot connect to local epmd");
        }
        return null;
    }

    private static void send(Socket s, byte[] body) throws IOException {
        byte[] packet = new byte[2 + body.length];
        packet[0] = (byte) (body.length >>> 8);
        packet[1] = (byte) body.length;
        System.arraycopy(body, 0, packet, 2, body.length);
        OutputStream os = s.getOutputStream();
        os.write(packet);
        os.flush();
    }

    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
