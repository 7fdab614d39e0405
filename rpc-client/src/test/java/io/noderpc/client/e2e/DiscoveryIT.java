package io.noderpc.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.DataPortRecord;
import io.noderpc.client.RpcClient;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeName;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdRegistration;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.server.RpcServer;
import io.noderpc.testkit.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finding the data port through EPMD, as a node registers it, and static configuration overriding it. */
class DiscoveryIT extends EndToEndFixture {

    private EpmdServer epmd;
    private EpmdClient registrar;

    @BeforeEach
    void startEpmd() {
        epmd = EpmdServer.builder().port(0).address("127.0.0.1").build().start();
        registrar = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1").port(epmd.port()).build());
    }

    @AfterEach
    void stopEpmd() {
        registrar.close();
        epmd.close();
    }

    private RpcClient discovering(RpcServer server) {
        return client(server, b -> b.epmdPort(epmd.port()).dataPort(B, String.valueOf(server.port())));
    }

    @Test
    void findsTheDataPortOfARegisteredNode() {
        RpcServer server = server();
        registrar.register(EpmdEntry.of("b", FreePorts.next())
                .withExtra(DataPortRecord.of(server.port()).toExtra()));
        try (RpcClient rpc = RpcClient.builder().self(A).cookie(COOKIE).epmdPort(epmd.port()).ioThreads(1).build()) {
            assertEquals(3, (int) rpc.call(B, "math", "add", 1, 2));
        }
    }

    @Test
    void aPlainErlangRegistrationIsABadNodeAndAnUnknownNameAConnectFailure() {
        server();
        EpmdRegistration erlang = registrar.register(EpmdEntry.of("erl", FreePorts.next()));
        try (RpcClient rpc = RpcClient.builder().self(A).cookie(COOKIE).epmdPort(epmd.port()).ioThreads(1).build()) {
            BadNodeException bad = assertThrows(BadNodeException.class,
                    () -> rpc.call(NodeName.of("erl@127.0.0.1"), "math", "add", 1, 2));
            assertTrue(bad.getMessage().startsWith("erl@127.0.0.1 is registered in EPMD but is not a noderpc node"),
                    bad.getMessage());
            ConnectFailedException unknown = assertThrows(ConnectFailedException.class,
                    () -> rpc.call(NodeName.of("nobody@127.0.0.1"), "math", "add", 1, 2));
            assertTrue(unknown.getMessage().contains("is not registered in EPMD"), unknown.getMessage());
        } finally {
            erlang.close();
        }
    }

    @Test
    void aStaticPortOverridesDiscovery() {
        RpcServer server = server();
        registrar.register(EpmdEntry.of("b", FreePorts.next()).withExtra(DataPortRecord.of(1).toExtra()));
        assertEquals(3, (int) discovering(server).call(B, "math", "add", 1, 2));
    }
}
