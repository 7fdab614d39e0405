package io.noderpc.epmd;

import io.noderpc.epmd.internal.EpmdProtocol;
import io.noderpc.epmd.testing.EpmdPackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon over real loopback sockets, IPv4 and IPv6. */
class EpmdServerIT {

    private EpmdServer server;

    @BeforeEach
    void start() {
        server = EpmdServer.builder().port(0).address("127.0.0.1").packetTimeout(Duration.ofSeconds(1)).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket connect(String host) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, server.port()), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private byte[] exchange(String host, byte[] request) throws IOException {
        try (Socket s = connect(host)) {
            s.getOutputStream().write(request);
            return s.getInputStream().readAllBytes();
        }
    }

    @Test
    void listensOnIpv4AndIpv6Loopback() throws IOException {
        assertEquals(2, server.listenAddresses().size());
        try (Socket node = connect("::1")) {
            node.getOutputStream().write(EpmdPackets.alive2("six", 4242, 6, 5, new byte[0]));
            assertEquals(EpmdProtocol.ALIVE2_X_RESP, node.getInputStream().readNBytes(6)[0]);
            byte[] reply = exchange("127.0.0.1", EpmdPackets.portPlease2("six"));
            assertEquals(EpmdProtocol.PORT2_RESP, reply[0]);
            assertEquals(0, reply[1]);
            assertEquals(4242, ((reply[2] & 0xFF) << 8) | (reply[3] & 0xFF));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.registeredNodes().isEmpty());
    }

    @Test
    void badClientsOnlyLoseTheirOwnConnection() throws Exception {
        try (Socket node = connect("127.0.0.1")) {
            node.getOutputStream().write(EpmdPackets.alive2("steady", 1111, 6, 5, new byte[0]));
            node.getInputStream().readNBytes(6);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<byte[]>> bad = new ArrayList<>();
                List<Future<byte[]>> good = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    byte[] junk = switch (i % 5) {
                        case 0 -> new byte[] {0, 0};
                        case 1 -> new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3};
                        case 2 -> EpmdPackets.concat(EpmdPackets.portPlease2("steady"), EpmdPackets.portPlease2("x"));
                        case 3 -> EpmdPackets.simple((byte) 'Q');
                        default -> EpmdPackets.alive2("bad\0name", 1, 6, 5, new byte[0]);
                    };
                    bad.add(pool.submit(() -> exchange("127.0.0.1", junk)));
                    good.add(pool.submit(() -> exchange("127.0.0.1", EpmdPackets.portPlease2("steady"))));
                }
                for (Future<byte[]> f : bad) {
                    assertArrayEquals(new byte[0], f.get());
                }
                for (Future<byte[]> f : good) {
                    assertEquals(0, f.get()[1]);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of("steady"), server.registeredNodes().stream().map(r -> r.entry().name()).toList());
        }
    }

    @Test
    void aPartialRequestIsClosedAfterThePacketTimeout() throws IOException {
        try (Socket s = connect("127.0.0.1")) {
            s.getOutputStream().write(new byte[] {0, 5, 'z'});
            long start = System.nanoTime();
            InputStream in = s.getInputStream();
            assertEquals(-1, in.read());
            assertTrue(System.nanoTime() - start < 4_000_000_000L, "closed by the packet timeout, not the read timeout");
        }
    }

    @Test
    void aTakenPortIsReportedAsSuch() {
        EpmdServer second = EpmdServer.builder().port(server.port()).address("127.0.0.1").build();
        EpmdAddressInUseException e = assertThrows(EpmdAddressInUseException.class, second::start);
        assertTrue(e.getMessage().contains("there is already a epmd running at port " + server.port()), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedAtConfigurationTime() {
        assertThrows(IllegalArgumentException.class, () -> EpmdServer.builder().address("not-an-ip"));
        assertThrows(IllegalArgumentException.class, () -> EpmdServer.builder().port(70000));
        assertThrows(IllegalArgumentException.class, () -> EpmdServer.builder().packetTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> EpmdServer.builder().maxConnections(0));
    }
}
