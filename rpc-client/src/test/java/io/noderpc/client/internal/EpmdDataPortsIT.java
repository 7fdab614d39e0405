package io.noderpc.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.noderpc.client.DataPortRecord;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.testkit.FreePorts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EPMD discovery against an in-process EPMD daemon on 127.0.0.1. */
class EpmdDataPortsIT {

    static EpmdServer epmd;
    static EpmdClient registrar;
    static EventLoopGroup group;
    static ExecutorService executor;
    static EpmdDataPorts resolver;

    @BeforeAll
    static void start() {
        epmd = EpmdServer.builder().port(0).address("127.0.0.1").build().start();
        registrar = EpmdClient.create(EpmdClientOptions.builder().host("127.0.0.1").port(epmd.port()).build());
        registrar.register(EpmdEntry.of("noderpc", 4370).withExtra(DataPortRecord.of(5370).toExtra()));
        registrar.register(EpmdEntry.of("erlang", 4371));
        registrar.register(EpmdEntry.of("broken", 4372)
                .withExtra("noderpc/1 data=none".getBytes(StandardCharsets.US_ASCII)));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        executor = Executors.newFixedThreadPool(2);
        resolver = new EpmdDataPorts(epmd.port(), group, executor, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        resolver.close();
        registrar.close();
        epmd.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        executor.shutdown();
    }

    private static RpcException failure(String node) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> resolver.resolve(NodeName.of(node)).join());
        return (RpcException) e.getCause();
    }

    @Test
    void findsTheDataPortInTheRegistrationsExtra() {
        assertEquals(new InetSocketAddress("127.0.0.1", 5370), resolver.resolve(NodeName.of("noderpc@127.0.0.1"))
                .join());
    }

    @Test
    void aRegistrationWithoutTheRecordIsNotANoderpcNode() {
        BadNodeException e = assertInstanceOf(BadNodeException.class, failure("erlang@127.0.0.1"));
        assertTrue(e.getMessage().startsWith("erlang@127.0.0.1 is registered in EPMD but is not a noderpc node"),
                e.getMessage());
    }

    @Test
    void aBrokenRecordIsABadNode() {
        BadNodeException e = assertInstanceOf(BadNodeException.class, failure("broken@127.0.0.1"));
        assertTrue(e.getMessage().contains("broken noderpc record"), e.getMessage());
    }

    @Test
    void anUnregisteredNameIsAConnectFailure() {
        ConnectFailedException e = assertInstanceOf(ConnectFailedException.class, failure("ghost@127.0.0.1"));
        assertEquals("ghost@127.0.0.1 is not registered in EPMD at 127.0.0.1:" + epmd.port() + "; is the node"
                + " running? (or configure its data port statically)", e.getMessage());
    }

    @Test
    void noEpmdIsAConnectFailure() {
        EpmdDataPorts nowhere = new EpmdDataPorts(FreePorts.next(), group, executor, Duration.ofSeconds(2));
        try {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> nowhere.resolve(NodeName.of("b@127.0.0.1")).join());
            assertInstanceOf(ConnectFailedException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("is epmd running on that host?"), e.getMessage());
        } finally {
            nowhere.close();
        }
    }
}
