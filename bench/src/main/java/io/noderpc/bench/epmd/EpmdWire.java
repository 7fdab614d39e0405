package io.noderpc.bench.epmd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's own EPMD client: one request per connection, exactly as an Erlang node talks to
 * epmd (reference/epmd-protocol.md §1–§2). Both daemons are driven by this same code, so client
 * costs weigh on them alike. It does not use the noderpc-epmd module, whose client it must not
 * favour.
 *
 * <p>Blocking {@link SocketChannel}s without timeouts: on a 2-core machine the client shares the
 * CPU with the daemon under test, and this is the cheapest way Java has to open, use and close a
 * connection (a {@code java.net.Socket} with {@code SO_TIMEOUT} polls before every read and cost
 * about 15% more CPU per lookup here). A daemon that never answers therefore blocks its client;
 * {@link io.noderpc.bench.ClosedLoop} reports that as a failed trial and the session then stops
 * the daemon, which releases the client.
 */
final class EpmdWire {

    static final byte ALIVE2_REQ = 120;
    static final byte ALIVE2_X_RESP = 118;
    static final byte PORT_PLEASE2_REQ = 122;
    static final byte PORT2_RESP = 119;
    static final byte KILL_REQ = 107;
    /** Node type 'M' (a normal Erlang node), protocol 0 (TCP/IPv4), versions 6..5: what OTP 25 sends. */
    static final int NODE_TYPE = 77;
    static final int HIGHEST_VERSION = 6;
    static final int LOWEST_VERSION = 5;

    private final InetSocketAddress address;
    private final boolean lingerZero;

    /**
     * @param lingerZero close client sockets with SO_LINGER 0 (a reset, no TIME_WAIT on the client);
     *                   off by default, see docs/benchmarks.md
     */
    EpmdWire(InetSocketAddress address, boolean lingerZero) {
        this.address = address;
        this.lingerZero = lingerZero;
    }

    InetSocketAddress address() {
        return address;
    }

    /** {@code Length:16 | 122 | Name}. */
    static byte[] portPlease2Request(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(3 + n.length).putShort((short) (1 + n.length)).put(PORT_PLEASE2_REQ).put(n).array();
    }

    /**
     * {@code Length:16 | 120 | PortNo:16 | NodeType:8 | Protocol:8 | Highest:16 | Lowest:16 | Nlen:16 |
     * Name | Elen:16 | Extra}.
     */
    static byte[] alive2Request(String name, int port, byte[] extra) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int body = 13 + n.length + extra.length;
        return ByteBuffer.allocate(2 + body).putShort((short) body).put(ALIVE2_REQ).putShort((short) port)
                .put((byte) NODE_TYPE).put((byte) 0).putShort((short) HIGHEST_VERSION)
                .putShort((short) LOWEST_VERSION).putShort((short) n.length).put(n)
                .putShort((short) extra.length).put(extra).array();
    }

    /**
     * One lookup: connect, send a PORT_PLEASE2 request, read the reply until the daemon closes.
     *
     * @return the registered port
     * @throws IOException on a socket error or a reply that is not a complete PORT2_RESP with result 0
     */
    int portPlease2(byte[] request) throws IOException {
        byte[] reply = new byte[64];
        int n;
        try (SocketChannel ch = connect()) {
            writeFully(ch, request);
            n = readUntilClosed(ch, reply);
        }
        if (n < 2 || reply[0] != PORT2_RESP) {
            throw new IOException("not a PORT2_RESP: " + n + " bytes, tag " + (n > 0 ? reply[0] : -1));
        }
        if (reply[1] != 0) {
            throw new IOException("PORT2_RESP result " + reply[1] + ": the name is not registered");
        }
        ByteBuffer b = ByteBuffer.wrap(reply, 0, n);
        int port = Short.toUnsignedInt(b.getShort(2));
        int nlen = n >= 12 ? Short.toUnsignedInt(b.getShort(10)) : -1;
        int elen = n >= 14 + nlen ? Short.toUnsignedInt(b.getShort(12 + nlen)) : -1;
        if (nlen < 0 || elen < 0 || n != 14 + nlen + elen) {
            throw new IOException("truncated or overlong PORT2_RESP: " + n + " bytes");
        }
        return port;
    }

    /**
     * One registration and its end: connect, send ALIVE2_REQ, read the 6-byte ALIVE2_X_RESP, close
     * (which unregisters the name).
     *
     * @throws IOException on a socket error or a reply other than success
     */
    void alive2AndClose(byte[] request) throws IOException {
        try (SocketChannel ch = connect()) {
            alive2(ch, request);
        }
    }

    /**
     * Registers and returns the connection, which holds the registration until it is closed. Keep a
     * reference: an unreachable channel may be closed by the garbage collector.
     */
    SocketChannel alive2AndHold(byte[] request) throws IOException {
        SocketChannel ch = connect();
        try {
            alive2(ch, request);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** KILL_REQ: the daemon answers "OK" and exits when it allows it (relaxed command check). */
    String kill() throws IOException {
        byte[] reply = new byte[16];
        try (SocketChannel ch = connect()) {
            writeFully(ch, new byte[] {0, 1, KILL_REQ});
            int n = readUntilClosed(ch, reply);
            return new String(reply, 0, n, StandardCharsets.US_ASCII);
        }
    }

    private static void alive2(SocketChannel ch, byte[] request) throws IOException {
        writeFully(ch, request);
        ByteBuffer reply = ByteBuffer.allocate(6);
        while (reply.hasRemaining()) {
            if (ch.read(reply) < 0) {
                throw new IOException("ALIVE2 reply cut after " + reply.position() + " bytes");
            }
        }
        if (reply.get(0) != ALIVE2_X_RESP || reply.get(1) != 0) {
            throw new IOException("ALIVE2 refused: tag " + reply.get(0) + ", result " + reply.get(1));
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (lingerZero) {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            ch.connect(address);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void writeFully(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads into {@code buf} until end of stream; more than fits is an error. */
    private static int readUntilClosed(SocketChannel ch, byte[] buf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf);
        while (ch.read(b) >= 0) {
            if (!b.hasRemaining()) {
                if (ch.read(ByteBuffer.allocate(1)) >= 0) {
                    throw new IOException("reply longer than " + buf.length + " bytes");
                }
                break;
            }
        }
        return b.position();
    }
}
