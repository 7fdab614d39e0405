package io.noderpc.client.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.RpcClient;
import io.noderpc.client.e2e.TestServices.Secret;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.CodecException;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.Cookie;
import io.noderpc.core.NoSuchFunctionException;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeName;
import io.noderpc.core.RemoteException;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.core.UnauthorizedException;
import io.noderpc.server.RpcServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each failure is a specific error at the caller, and the server goes on serving others. */
class RpcClientErrorsIT extends EndToEndFixture {

    private void stillServes(RpcServer server) {
        try (RpcClient good = RpcClient.builder().self("good@127.0.0.1").cookie(COOKIE)
                .dataPort(B, "127.0.0.1:" + server.port()).ioThreads(1).build()) {
            assertEquals(9, (int) good.call(B, "math", "add", 4, 5), "the server keeps serving others");
        }
    }

    @Test
    void aThrowingFunctionIsARemoteExceptionWithTheRemoteStack() {
        RpcServer server = server();
        RpcClient rpc = client(server);
        RemoteException e = assertThrows(RemoteException.class, () -> rpc.call(B, "math", "fail", "broken"));
        assertEquals("java.lang.IllegalStateException", e.remoteClassName());
        assertEquals("broken", e.remoteMessage());
        assertTrue(e.remoteStackTrace().contains("TestServices$MathService.fail"), e.remoteStackTrace());
        assertEquals(2, (int) rpc.call(B, "math", "add", 1, 1), "the link is still fine");
    }

    @Test
    void unknownServiceOrFunctionIsNoSuchFunction() {
        RpcServer server = server();
        RpcClient rpc = client(server);
        assertThrows(NoSuchFunctionException.class, () -> rpc.call(B, "nope", "add", 1, 2));
        assertThrows(NoSuchFunctionException.class, () -> rpc.call(B, "math", "nope"));
        assertThrows(NoSuchFunctionException.class, () -> rpc.call(B, "math", "add", 1, 2, 3));
        assertEquals(3, (int) rpc.call(B, "math", "add", 1, 2));
    }

    @Test
    void aDeniedServiceIsUnauthorized() {
        RpcServer server = server(b -> b.denyServices("recorder"));
        RpcClient rpc = client(server);
        assertThrows(UnauthorizedException.class, () -> rpc.call(B, "recorder", "hits"));
        assertEquals(0, recorder.hits.get());
        stillServes(server);
    }

    @Test
    void aWrongCookieOnTheClientExecutesNothing() {
        RpcServer server = server();
        RpcClient rpc = client(server, b -> b.cookie(Cookie.of("wrong")));
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> rpc.call(B, "math", "add", 1, 2));
        assertTrue(e.getMessage().contains("cookie"), e.getMessage());
        rpc.cast(B, "recorder", "hit");
        // a cast that got through would run a little later: give it the time to
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> math.calls.get() == 0 && recorder.hits.get() == 0);
        stillServes(server);
    }

    @Test
    void aWrongCookieOnTheServerExecutesNothing() {
        RpcServer server = server(b -> b.cookie(Cookie.of("server-has-another")));
        RpcClient rpc = client(server);
        assertThrows(AuthenticationFailedException.class, () -> rpc.call(B, "math", "add", 1, 2));
        assertEquals(0, math.calls.get());
    }

    @Test
    void aPerNodeCookieOverridesTheDefault() {
        RpcServer server = server(b -> b.cookie(Cookie.of("b-only")));
        RpcClient rpc = client(server, b -> b.nodeCookie(B, Cookie.of("b-only")));
        assertEquals(3, (int) rpc.call(B, "math", "add", 1, 2));
        RpcClient hooked = client(server, b -> b.cookie(Cookie.of("wrong"))
                .cookieOverride(node -> node.equals(B) ? Cookie.of("b-only") : null));
        assertEquals(3, (int) hooked.call(B, "math", "add", 1, 2));
    }

    @Test
    void reachingAnotherNodeIsBadNode() {
        RpcServer server = server();
        NodeName c = NodeName.of("c@127.0.0.1");
        RpcClient rpc = client(server, b -> b.dataPort(c, "127.0.0.1:" + server.port()));
        BadNodeException e = assertThrows(BadNodeException.class, () -> rpc.call(c, "math", "add", 1, 2));
        assertTrue(e.getMessage().contains("this is node b@127.0.0.1, not c@127.0.0.1"), e.getMessage());
        assertEquals(0, math.calls.get());
        stillServes(server);
    }

    @Test
    void unregisteredClassesAreRefusedOnEitherSide() {
        RpcServer server = server();
        RpcClient rpc = client(server);
        CodecException sending = assertThrows(CodecException.class, () -> rpc.call(B, "math", "add",
                new Secret("x"), 1));
        assertTrue(sending.getMessage().contains("is not registered"), sending.getMessage());
        CodecException receiving = assertThrows(CodecException.class, () -> rpc.call(B, "math", "secret"));
        assertTrue(receiving.getMessage().contains("Secret"), receiving.getMessage());

        rpc.codec().register(Secret.class);
        CodecException remote = assertThrows(CodecException.class, () -> rpc.call(B, "math", "add",
                new Secret("x"), 1));
        assertTrue(remote.getMessage().contains("Secret"), "the server refuses to decode it: "
                + remote.getMessage());
        assertEquals(2, (int) rpc.call(B, "math", "add", 1, 1));
    }

    @Test
    void aMessageOverTheClientsLimitIsRefusedBeforeSending() {
        RpcServer server = server();
        RpcClient rpc = client(server, b -> b.options(options().maxMessageSize(1 << 20)
                .maxReassemblyBytes(1 << 20).build()));
        CodecException e = assertThrows(CodecException.class, () -> rpc.call(B, "math", "length",
                new byte[2 << 20]));
        assertTrue(e.getMessage().contains("above maxMessageSize (1048576 bytes)"), e.getMessage());
        assertEquals(1000, (int) rpc.call(B, "math", "length", new byte[1000]));
    }

    @Test
    void aMessageOverTheServersLimitLosesTheLinkAndTheNextCallReconnects() {
        RpcServer server = server(b -> b.options(options().maxMessageSize(1 << 20).maxReassemblyBytes(1 << 20)
                .build()));
        RpcClient rpc = client(server);
        assertEquals(1, (int) rpc.call(B, "math", "length", new byte[1]));
        // the server drops the link over it: while the call is still being written (it did not run), or once it
        // was written (in flight: whether it ran is unknown to the caller)
        RpcException e = assertThrows(RpcException.class, () -> rpc.call(B, "math", "length", new byte[2 << 20]));
        assertTrue(e instanceof ConnectFailedException || e instanceof NodeDownException, e.toString());
        assertTrue(e.getMessage().startsWith("connection to b@127.0.0.1 lost"), e.getMessage());
        assertEquals(1000, (int) rpc.call(B, "math", "length", new byte[1000]));
        stillServes(server);
    }

    @Test
    void aSlowFunctionTimesOutAtTheCallerAndTheLinkStaysUsable() {
        RpcServer server = server();
        RpcClient rpc = client(server);
        assertEquals(1, (int) rpc.call(B, "math", "add", 0, 1));
        long start = System.nanoTime();
        RpcTimeoutException e = assertThrows(RpcTimeoutException.class,
                () -> rpc.withTimeout(Duration.ofMillis(300)).call(B, "math", "sleep", 10_000L));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= 290 && took < 2_000, "timed out after " + took + " ms");
        assertTrue(e.getMessage().contains("a CANCEL was sent"), e.getMessage());
        assertEquals(5, (int) rpc.call(B, "math", "add", 2, 3));
        assertEquals(1, server.connections(), "on the same link");
    }

    @Test
    void aSilentPeerIsAHandshakeTimeoutAndAForeignOneIsIncompatible() throws Exception {
        NodeName silent = NodeName.of("silent@127.0.0.1");
        NodeName foreign = NodeName.of("foreign@127.0.0.1");
        try (ServerSocket quiet = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
             ServerSocket http = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread answering = new Thread(() -> {
                try (Socket s = http.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the client closed first
                }
            });
            answering.start();
            RpcClient rpc = client(server(), b -> b.options(options().authTimeout(Duration.ofMillis(300)).build())
                    .dataPort(silent, "127.0.0.1:" + quiet.getLocalPort())
                    .dataPort(foreign, "127.0.0.1:" + http.getLocalPort()));
            RpcTimeoutException timeout = assertThrows(RpcTimeoutException.class,
                    () -> rpc.call(silent, "math", "add", 1, 2));
            assertTrue(timeout.getMessage().contains("did not complete within 300 ms"), timeout.getMessage());
            IncompatibleException incompatible = assertThrows(IncompatibleException.class,
                    () -> rpc.call(foreign, "math", "add", 1, 2));
            assertTrue(incompatible.getMessage().contains("does not follow the noderpc handshake"),
                    incompatible.getMessage());
            answering.join(5_000);
        }
    }

    @Test
    void anUnreachableNodeFailsAndThenFailsFastDuringTheBackoff() {
        RpcServer server = server(); // bound first, so the port picked below cannot become the server's
        int closedPort = io.noderpc.testkit.FreePorts.next();
        NodeName gone = NodeName.of("gone@127.0.0.1");
        RpcClient rpc = client(server, b -> b.dataPort(gone, "127.0.0.1:" + closedPort)
                .reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        ConnectFailedException first = assertThrows(ConnectFailedException.class,
                () -> rpc.call(gone, "math", "add", 1, 2));
        assertTrue(first.getMessage().contains("connection refused"), first.getMessage());
        for (int i = 0; i < 20; i++) {
            RpcException fast = assertThrows(ConnectFailedException.class, () -> rpc.call(gone, "math", "add", 1, 2));
            assertTrue(fast.getMessage().contains("next attempt in"), fast.getMessage());
        }
        RpcException async = assertThrows(ConnectFailedException.class,
                () -> rpc.asyncCall(gone, "math", "add", 1, 2).await());
        assertInstanceOf(ConnectFailedException.class, async.getCause());
        assertEquals(3, (int) rpc.call(B, "math", "add", 1, 2), "other nodes are not affected");
    }
}
