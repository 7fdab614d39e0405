package io.noderpc.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.internal.StaticDataPorts.HostPort;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeName;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticDataPortsTest {

    private static final NodeName B = NodeName.of("b@10.1.2.3");
    private static final NodeName C = NodeName.of("c@127.0.0.1");
    private static final NodeName D = NodeName.of("d@127.0.0.1");

    @Test
    void parsesTheAddressForms() {
        assertEquals(new HostPort("10.0.0.5", 5370), HostPort.parse("10.0.0.5:5370"));
        assertEquals(new HostPort("db.example.com", 1), HostPort.parse(" db.example.com:1 "));
        assertEquals(new HostPort("::1", 5370), HostPort.parse("[::1]:5370"));
        assertEquals(new HostPort(null, 5370), HostPort.parse("5370"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host:", ":5370", "host:port", "host:0", "host:65536", "::1:5370", "x"})
    void refusesMalformedAddresses(String text) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    }

    @Test
    void configuredNodesWinAndOthersGoToDiscovery() {
        List<NodeName> discovered = new ArrayList<>();
        StaticDataPorts ports = new StaticDataPorts(Map.of(B, new HostPort(null, 6000),
                C, new HostPort("127.0.0.2", 6001)), node -> {
                    discovered.add(node);
                    return CompletableFuture.completedFuture(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            7000));
                }, Runnable::run);
        assertEquals(new InetSocketAddress("10.1.2.3", 6000), ports.resolve(B).join(), "the node's own host");
        assertEquals(new InetSocketAddress("127.0.0.2", 6001), ports.resolve(C).join());
        assertEquals(7000, ports.resolve(D).join().getPort());
        assertEquals(List.of(D), discovered);
    }

    @Test
    void ipLiteralsNeedNoLookupAndNamesAreResolvedOnTheExecutor() {
        List<Runnable> tasks = new ArrayList<>();
        StaticDataPorts ports = new StaticDataPorts(Map.of(B, new HostPort("localhost", 6000),
                C, new HostPort("127.0.0.9", 6000)), node -> null, tasks::add);
        assertEquals(new InetSocketAddress("127.0.0.9", 6000), ports.resolve(C).getNow(null));
        assertTrue(tasks.isEmpty());
        CompletableFuture<InetSocketAddress> named = ports.resolve(B);
        assertNull(named.getNow(null), "waits for the executor");
        tasks.forEach(Runnable::run);
        assertTrue(named.join().getAddress().isLoopbackAddress());
    }

    @Test
    void anUnknownHostIsAConnectFailure() {
        StaticDataPorts ports = new StaticDataPorts(Map.of(B, new HostPort("no-such-host.invalid", 6000)),
                node -> null, Runnable::run);
        CompletionException e = assertThrows(CompletionException.class, () -> ports.resolve(B).join());
        assertInstanceOf(ConnectFailedException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("unknown host 'no-such-host.invalid'"));
    }
}
