package io.noderpc.epmd.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted stand-in for a misbehaving EPMD on 127.0.0.1: reads each request
 * ({@code Length:16} + body), answers with whatever the script returns, then closes the connection
 * or holds it open until {@link #close()}.
 */
public final class FakeEpmd implements AutoCloseable {

    private final ServerSocket server;
    private final Function<byte[], byte[]> script;
    private final boolean closeAfterReply;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private FakeEpmd(Function<byte[], byte[]> script, boolean closeAfterReply) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.closeAfterReply = closeAfterReply;
        this.acceptor = new Thread(this::acceptLoop, "fake-epmd-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Answers each request body with {@code script.apply(body)}, then closes or holds the connection. */
    public static FakeEpmd start(Function<byte[], byte[]> script, boolean closeAfterReply) {
        try {
            return new FakeEpmd(script, closeAfterReply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : connections) {
                socket.close();
            }
            acceptor.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread worker = new Thread(() -> serve(socket), "fake-epmd-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void serve(Socket socket) {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readUnsignedShort()];
            in.readFully(body);
            socket.getOutputStream().write(script.apply(body));
            socket.getOutputStream().flush();
            if (closeAfterReply) {
                socket.close();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
