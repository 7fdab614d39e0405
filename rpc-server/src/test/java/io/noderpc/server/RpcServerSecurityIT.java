package io.noderpc.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.Cookie;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.core.codec.ForyCodec;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.RemoteError;
import io.noderpc.server.internal.CountingCodec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Nothing is decoded or executed for a client that did not authenticate or is not allowed. */
class RpcServerSecurityIT extends ServerFixture {

    private final AtomicInteger canary = new AtomicInteger();
    private final CountingCodec codec = new CountingCodec();

    private RpcServer canaryServer(RpcServerBuilder builder) {
        RpcServer server = start(builder.codec(codec));
        server.services().register(Service.builder("canary").function("sing", a -> canary.incrementAndGet())
                .build());
        server.services().register(Service.builder("ok").function("echo", 1, a -> a[0]).build());
        return server;
    }

    private static Throwable handshakeFailure(RawLinkClient client) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.handshake().get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aWrongCookieIsRefusedAndNothingRuns() throws Exception {
        RpcServer server = canaryServer(server());
        RawLinkClient intruder = connect(server, Cookie.of("wrong"), NodeKey.of(SERVER));
        assertInstanceOf(AuthenticationFailedException.class, handshakeFailure(intruder));
        assertTrue(intruder.awaitClosed());
        assertEquals(0, canary.get());
        assertEquals(0, codec.decodes.get());
    }

    @Test
    void aClientWithACookieOverrideProvesThatCookie() throws Exception {
        Cookie special = Cookie.of("special-for-the-client");
        RpcServer server = canaryServer(server().cookieOverride(node -> node.equals(CLIENT) ? special : null));
        RawLinkClient withOverride = connect(server, special, NodeKey.of(SERVER));
        assertEquals(SERVER, withOverride.handshake().get(10, TimeUnit.SECONDS).peer());
        RawLinkClient withDefault = connect(server, COOKIE, NodeKey.of(SERVER));
        assertInstanceOf(AuthenticationFailedException.class, handshakeFailure(withDefault));
    }

    @Test
    void framesPipelinedBeforeAuthenticationAreNeverDecodedNorRun() throws Exception {
        RpcServer server = canaryServer(server());
        // bypass the client's own handshake guard: a CALL and a cast written, from the stage below it, in the task
        // that wrote HELLO, so that they reach the server before it has even sent its challenge
        List<ChannelFuture> writes = new CopyOnWriteArrayList<>();
        RawLinkClient intruder = connect(server, Cookie.of("wrong"), NodeKey.of(SERVER), ctx -> {
            var belowGuard = ctx.pipeline().context(LinkPipeline.HANDSHAKE);
            Codec codec = ForyCodec.create();
            writes.add(belowGuard.write(Frame.call(1, "canary", "sing", 0,
                    codec.encode(new Object[0], ByteBufAllocator.DEFAULT))));
            writes.add(belowGuard.writeAndFlush(Frame.cast(2, "canary", "sing",
                    codec.encode(new Object[0], ByteBufAllocator.DEFAULT))));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> writes.size() == 2); // channelActive follows connect()
        for (ChannelFuture write : writes) {
            assertTrue(write.awaitUninterruptibly(10, TimeUnit.SECONDS));
            assertTrue(write.isSuccess(), () -> "the frame never reached the socket: " + write.cause());
        }
        assertTrue(intruder.awaitClosed());
        assertTrue(intruder.received.isEmpty());
        assertEquals(0, canary.get());
        assertEquals(0, codec.decodes.get());
    }

    @Test
    void aClientAskingForAnotherNodeIsRefused() {
        RpcServer server = canaryServer(server());
        RawLinkClient lost = connect(server, COOKIE, NodeKey.of(NodeName.of("c@127.0.0.1")));
        assertInstanceOf(BadNodeException.class, handshakeFailure(lost));
        assertEquals(0, canary.get());
    }

    @Test
    void aDeniedServiceNeverRunsAndItsArgumentsAreNeverDecoded() throws Exception {
        RpcServer server = canaryServer(server().denyServices("canary"));
        RawLinkClient client = client(server);
        client.call(1, "canary", "sing", "payload that must stay opaque");
        RemoteError error = client.error(1);
        assertEquals(ErrorKind.UNAUTHORIZED, error.kind());
        client.cast(2, "canary", "sing", "payload");
        client.send(client.orderedCastFrame(3, "canary", "sing", "payload"));
        client.call(4, "ok", "echo", "allowed");
        assertEquals("allowed", client.reply(4));
        assertEquals(0, canary.get());
        assertEquals(1, codec.decodes.get(), "only the allowed call's arguments were decoded");
    }

    @Test
    void anAllowListLetsOnlyItsServicesThrough() throws Exception {
        RpcServer server = canaryServer(server().allowServices("ok"));
        RawLinkClient client = client(server);
        client.call(1, "canary", "sing");
        assertEquals(ErrorKind.UNAUTHORIZED, client.error(1).kind());
        client.call(2, "ok", "echo", 1);
        assertEquals(1, client.reply(2));
        assertEquals(0, canary.get());
    }

    @Test
    void theServerKeepsServingOthersAfterBadClients() throws Exception {
        RpcOptions options = RpcOptions.builder(new Properties()).authTimeout(Duration.ofMillis(300)).build();
        RpcServer server = canaryServer(server().options(options));
        RawLinkClient good = client(server);

        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        try (Socket noise = new Socket("127.0.0.1", server.port());
             Socket huge = new Socket("127.0.0.1", server.port());
             Socket silent = new Socket("127.0.0.1", server.port())) {
            noise.getOutputStream().write(garbage);
            OutputStream out = huge.getOutputStream();
            out.write(new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}); // a 2 GiB frame
            out.flush();
            for (Socket s : new Socket[] {noise, huge, silent}) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                try {
                    while (in.read() >= 0) {
                        // until the server closes it; a REJECT may come first
                    }
                } catch (SocketException reset) {
                    // closed with our bytes unread: the kernel resets instead of a FIN
                }
            }
        }
        RawLinkClient intruder = connect(server, Cookie.of("wrong"), NodeKey.of(SERVER));
        assertInstanceOf(AuthenticationFailedException.class, handshakeFailure(intruder));

        RawLinkClient forger = client(server);
        forger.send(Frame.reply(1, Unpooled.wrappedBuffer(new byte[] {1})));
        assertTrue(forger.awaitClosed(), "a client sending REPLY breaks the protocol");
        RawLinkClient corrupt = client(server);
        corrupt.channel().pipeline().firstContext().writeAndFlush(
                Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 10, 0x7e, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertTrue(corrupt.awaitClosed(), "an unknown frame type closes the link");

        good.call(1, "ok", "echo", "still here");
        assertEquals("still here", good.reply(1));
        RawLinkClient late = client(server);
        late.call(1, "ok", "echo", "and new clients too");
        assertEquals("and new clients too", late.reply(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connections() == 2);
        assertEquals(0, canary.get());
    }
}
