package io.noderpc.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** OTP's own epmd, in the foreground on a free loopback port, stopped by its PID when closed. */
public final class OtpEpmdDaemon implements AutoCloseable {

    private final Process process;
    private final int port;

    private OtpEpmdDaemon(int port, boolean relaxed) {
        this.port = port;
        try {
            ProcessBuilder pb = relaxed
                    ? new ProcessBuilder(ErlangTools.require("epmd").toString(), "-port", Integer.toString(port),
                            "-address", "127.0.0.1", "-relaxed_command_check")
                    : new ProcessBuilder(ErlangTools.require("epmd").toString(), "-port", Integer.toString(port),
                            "-address", "127.0.0.1");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(this::answers);
    }

    public static OtpEpmdDaemon start(boolean relaxed) {
        return new OtpEpmdDaemon(ErlangTools.freePort(), relaxed);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
