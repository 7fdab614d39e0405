package io.noderpc.epmd.interop;

import io.noderpc.testkit.OtpInstallation;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.epmd.testing.EpmdPackets;
import io.noderpc.testkit.ErlangTools;
import io.noderpc.testkit.OtpEpmd;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OTP's own {@code epmd} client ({@code -names}, {@code -dump}, {@code -stop}, {@code -kill}) prints
 * the same against our daemon as against OTP's daemon holding the same registrations; and raw
 * requests get the same bytes back from both.
 */
class OtpClientAgainstOurEpmdIT {

    /** Holds registrations open on a daemon: foo, bar (with an extra) and an unregistered "gone". */
    private static List<Socket> populate(int port) throws IOException {
        List<Socket> open = new ArrayList<>();
        open.add(register(port, EpmdPackets.alive2("foo", 1234, 6, 5, new byte[0])));
        open.add(register(port, EpmdPackets.alive2("bar", 2345, 6, 5, new byte[] {'E', 'X', 0})));
        register(port, EpmdPackets.alive2("gone", 5555, 6, 5, new byte[0])).close();
        return open;
    }

    private static Socket register(int port, byte[] request) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write(request);
        byte[] reply = s.getInputStream().readNBytes(6);
        assertEquals(0, reply[1], "registration refused");
        return s;
    }

    private static byte[] rawExchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(request);
            InputStream in = s.getInputStream();
            return in.readAllBytes();
        }
    }

    private static ErlangTools.Result otpClient(int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of(OtpInstallation.require("epmd").toString(), "-port",
                Integer.toString(port)));
        cmd.addAll(List.of(args));
        return ErlangTools.run(cmd, java.util.Map.of(), 30);
    }

    private static String normalize(String text, int port) {
        return text.replace("port " + port + " ", "port EPMD ").replaceAll("fd = \\d+", "fd = N");
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void namesDumpAndLookupsMatchOtpsDaemon() throws Exception {
        try (OtpEpmd otp = OtpEpmd.start(true);
             EpmdServer ours = EpmdServer.builder().port(0).address("127.0.0.1").relaxedCommandCheck(true)
                     .build().start()) {
            List<Socket> otpNodes = populate(otp.port());
            List<Socket> ourNodes = populate(ours.port());
            try {
                for (String command : List.of("-names", "-dump")) {
                    ErlangTools.Result expected = otpClient(otp.port(), command);
                    ErlangTools.Result actual = otpClient(ours.port(), command);
                    assertEquals(expected.exitCode(), actual.exitCode(), command);
                    assertEquals(normalize(expected.stdout(), otp.port()), normalize(actual.stdout(), ours.port()),
                            command);
                    assertEquals(expected.stderr(), actual.stderr(), command);
                }
                for (String name : List.of("foo", "bar", "gone", "nobody")) {
                    byte[] request = EpmdPackets.portPlease2(name);
                    assertArrayEquals(rawExchange(otp.port(), request), rawExchange(ours.port(), request), name);
                }
            } finally {
                closeAll(otpNodes);
                closeAll(ourNodes);
            }
        }
    }

    @Test
    void stopAndKillPrintWhatTheyPrintAgainstOtp() throws Exception {
        for (boolean relaxed : new boolean[] {false, true}) {
            try (OtpEpmd otp = OtpEpmd.start(relaxed);
                 EpmdServer ours = EpmdServer.builder().port(0).address("127.0.0.1").relaxedCommandCheck(relaxed)
                         .build().start()) {
                List<Socket> otpNodes = populate(otp.port());
                List<Socket> ourNodes = populate(ours.port());
                try {
                    for (String[] command : List.of(new String[] {"-stop", "foo"}, new String[] {"-stop", "nobody"},
                            new String[] {"-kill"})) {
                        ErlangTools.Result expected = otpClient(otp.port(), command);
                        ErlangTools.Result actual = otpClient(ours.port(), command);
                        String what = String.join(" ", command) + " relaxed=" + relaxed;
                        assertEquals(expected, actual, what);
                    }
                } finally {
                    closeAll(otpNodes);
                    closeAll(ourNodes);
                }
                if (relaxed) {
                    ours.terminationFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } else {
                    assertTrue(ours.terminationFuture().isDone() == false);
                }
            }
        }
    }

    @Test
    void killOnAnEmptyDaemonStopsItLikeOtps() throws Exception {
        try (OtpEpmd otp = OtpEpmd.start(false);
             EpmdServer ours = EpmdServer.builder().port(0).address("127.0.0.1").build().start()) {
            ErlangTools.Result expected = otpClient(otp.port(), "-kill");
            ErlangTools.Result actual = otpClient(ours.port(), "-kill");
            assertEquals(new ErlangTools.Result(0, "Killed\n", ""), expected);
            assertEquals(expected, actual);
            ours.terminationFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(ErlangTools.run(OtpInstallation.require("epmd").toString(), "-port",
                    Integer.toString(ours.port()), "-names").exitCode() == 0);
        }
    }
}
