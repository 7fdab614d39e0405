package io.noderpc.epmd;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpmdClientOptionsTest {

    @Test
    void defaults() {
        EpmdClientOptions options = EpmdClientOptions.builder().port(4369).build();

        assertNull(options.host(), "no host means ::1 then 127.0.0.1");
        assertEquals(Duration.ofSeconds(5), options.connectTimeout());
        assertEquals(Duration.ofSeconds(10), options.requestTimeout());
        assertEquals(Duration.ofSeconds(2), options.reregisterInterval());
        assertEquals(4 << 20, options.maxReplyBytes());
        assertNull(options.eventLoopGroup());
        assertTrue(RegistrationOptions.defaults().autoReregister());
    }

    @Test
    void portComesFromTheEnvironmentWhenItIsAPort() {
        assertEquals(4369, EpmdClientOptions.portFromEnvironment(null));
        assertEquals(5555, EpmdClientOptions.portFromEnvironment("5555"));
        assertEquals(5555, EpmdClientOptions.portFromEnvironment(" 5555 "));
        assertEquals(4369, EpmdClientOptions.portFromEnvironment("0"));
        assertEquals(4369, EpmdClientOptions.portFromEnvironment("65536"));
        assertEquals(4369, EpmdClientOptions.portFromEnvironment("epmd"));
        assertEquals(EpmdClientOptions.portFromEnvironment(System.getenv("ERL_EPMD_PORT")),
                EpmdClientOptions.builder().build().port());
    }

    @Test
    void settersValidateAtOnce() {
        EpmdClientOptions.Builder builder = EpmdClientOptions.builder();

        assertMessage("port must be in 1..65535, got 0", () -> builder.port(0));
        assertMessage("port must be in 1..65535, got 65536", () -> builder.port(65536));
        assertMessage("connectTimeout must be positive", () -> builder.connectTimeout(Duration.ZERO));
        assertMessage("requestTimeout must be positive", () -> builder.requestTimeout(Duration.ofMillis(-1)));
        assertMessage("reregisterInterval must be at most one day", () -> builder.reregisterInterval(Duration.ofDays(2)));
        assertMessage("maxReplyBytes must be at least 2054", () -> builder.maxReplyBytes(100));
        assertMessage("host must not be blank", () -> builder.host(" "));
        assertThrows(NullPointerException.class, () -> builder.requestTimeout(null));
    }

    @Test
    void externalGroupMustBeAnIoGroupThatIsRunning() throws Exception {
        EventLoopGroup local = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            assertMessage("unsupported event loop group", () -> EpmdClientOptions.builder().eventLoopGroup(local));
            assertSame(nio, EpmdClientOptions.builder().eventLoopGroup(nio).build().eventLoopGroup());
        } finally {
            local.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
            nio.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
        assertMessage("shut down", () -> EpmdClientOptions.builder().eventLoopGroup(nio));
    }

    @Test
    void toBuilderKeepsEverything() {
        EpmdClientOptions options = EpmdClientOptions.builder().host("127.0.0.1").port(1234)
                .connectTimeout(Duration.ofMillis(1)).requestTimeout(Duration.ofMillis(2))
                .reregisterInterval(Duration.ofMillis(3)).maxReplyBytes(5000).build();

        EpmdClientOptions copy = options.toBuilder().build();

        assertEquals(options.toString(), copy.toString());
        assertEquals("EpmdClientOptions[host=127.0.0.1, port=1234, connectTimeout=1ms, requestTimeout=2ms,"
                + " reregisterInterval=3ms, maxReplyBytes=5000, eventLoopGroup=own]", copy.toString());
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
