package io.noderpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.noderpc.core.Cookie;
import io.noderpc.core.codec.ForyCodec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpcServerBuilderTest {

    private static RpcServerBuilder valid() {
        return RpcServer.builder().node("b@127.0.0.1").cookie(Cookie.of("c"));
    }

    @Test
    void nodeAndCookieAreRequired() {
        IllegalStateException noNode = assertThrows(IllegalStateException.class,
                () -> RpcServer.builder().cookie(Cookie.of("c")).build());
        assertTrue(noNode.getMessage().contains("node name is required"), noNode.getMessage());
        IllegalStateException noCookie = assertThrows(IllegalStateException.class,
                () -> RpcServer.builder().node("b@h").build());
        assertTrue(noCookie.getMessage().contains("cookie is required"), noCookie.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RpcServer.builder().node("no-host"));
    }

    @Test
    void anAllowListAndADenyListExcludeEachOther() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> valid().allowServices("a").denyServices("b"));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> valid().denyServices(List.of("b")).allowServices("a"));
        valid().allowServices("a").allowServices("a", "b").build(); // replacing a list of the same kind is fine
        assertThrows(IllegalArgumentException.class, () -> valid().denyServices("x@1"));
    }

    @Test
    void valuesAreValidatedWhenSet() {
        assertThrows(IllegalArgumentException.class, () -> valid().port(-1));
        assertThrows(IllegalArgumentException.class, () -> valid().port(65536));
        assertThrows(IllegalArgumentException.class, () -> valid().maxInFlightPerServer(0));
        assertThrows(IllegalArgumentException.class, () -> valid().platformWorkerThreads(0));
        assertThrows(IllegalArgumentException.class, () -> valid().drainTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> valid().bindAddress("no such host.invalid"));
        assertThrows(NullPointerException.class, () -> valid().codec(null));
        DefaultEventLoopGroup local = new DefaultEventLoopGroup(1);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> valid().eventLoopGroup(local));
            assertTrue(e.getMessage().contains("NIO"), e.getMessage());
        } finally {
            local.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnstartedServerHasItsRegistriesButNoPort() {
        ServiceRegistry services = new ServiceRegistry();
        ForyCodec codec = ForyCodec.create();
        RpcServer server = valid().services(services).codec(codec).build();
        assertSame(services, server.services());
        assertSame(codec, server.codec());
        assertEquals("b@127.0.0.1", server.node().toString());
        assertFalse(server.isRunning());
        assertThrows(IllegalStateException.class, server::port);
        server.close();
        assertThrows(IllegalStateException.class, server::start, "a closed server cannot start");
    }
}
