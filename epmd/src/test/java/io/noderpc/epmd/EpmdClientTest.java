package io.noderpc.epmd;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.noderpc.testkit.FreePorts;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the client refuses before any I/O. */
class EpmdClientTest {

    @Test
    void invalidArgumentsAreRefusedSynchronously() {
        try (EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().port(FreePorts.next()).build())) {
            assertThrows(IllegalArgumentException.class, () -> client.lookupAsync(""));
            assertThrows(IllegalArgumentException.class, () -> client.lookupAsync("a".repeat(256)));
            assertThrows(IllegalArgumentException.class, () -> client.registerAsync(EpmdEntry.of("a\0b", 1)));
            assertThrows(IllegalArgumentException.class,
                    () -> client.registerAsync(EpmdEntry.of("a", 1).withExtra(new byte[1021])));
            assertThrows(IllegalArgumentException.class, () -> client.stopAsync(""));
            assertThrows(NullPointerException.class, () -> client.registerAsync(null));
        }
    }

    @Test
    void aClosedClientRefusesCalls() {
        EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().port(FreePorts.next()).build());
        client.close();
        client.close();

        IllegalStateException e = assertThrows(IllegalStateException.class, client::namesAsync);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> client.register(EpmdEntry.of("x", 1)));
    }

    @Test
    void blockingOnTheClientsEventLoopIsRefused() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().port(FreePorts.next())
                .eventLoopGroup(group).build())) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> group.submit(() -> client.names()).get(5, TimeUnit.SECONDS));

            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("use the ...Async method"), e.getCause().getMessage());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aShutDownExternalGroupFailsCallsWithoutThrowingFromTheEventLoop() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().port(FreePorts.next())
                .eventLoopGroup(group).build());
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();

        EpmdConnectException names = assertThrows(EpmdConnectException.class, client::names);
        EpmdException register = assertThrows(EpmdException.class, () -> client.register(EpmdEntry.of("x", 1)));

        assertTrue(names.getMessage().startsWith("cannot connect to epmd"), names.getMessage());
        assertTrue(register.getMessage().contains("shut down"), register.getMessage());
        client.close();
    }
}
