package io.noderpc.core.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.Cookie;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.RpcTimeoutException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client and server handshake handlers paired over EmbeddedChannels. */
class HandshakeTest {

    static final NodeName A = NodeName.of("a@127.0.0.1");
    static final NodeName B = NodeName.of("b@127.0.0.1");
    static final Cookie COOKIE = Cookie.of("secret");
    static final Duration AUTH = Duration.ofSeconds(5);

    private EmbeddedLink link;

    @AfterEach
    void finish() {
        if (link != null) {
            link.finish();
        }
    }

    /** The exception {@code future} failed with. */
    static RpcException failure(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "handshake should have failed");
        try {
            future.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            return (RpcException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void succeedsAndStepsOutOfThePipeline() throws Exception {
        ClientHandshakeHandler client = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B), AUTH);
        ServerHandshakeHandler server = new ServerHandshakeHandler(B, COOKIE, AUTH);
        link = new EmbeddedLink(client, server);
        link.pump();

        HandshakeCompletedEvent atClient = client.handshakeFuture().get();
        HandshakeCompletedEvent atServer = server.handshakeFuture().get();
        assertEquals(B, atClient.peer());
        assertEquals(A, atServer.peer());
        assertEquals(HandshakeProtocol.VERSION, atClient.protocolVersion());
        assertNull(atServer.key());
        assertEquals(atClient, link.clientApp.events.get(0));
        assertEquals(atServer, link.serverApp.events.get(0));
        for (ChannelPipeline p : new ChannelPipeline[] {link.client.pipeline(), link.server.pipeline()}) {
            assertNull(p.get(LinkPipeline.HANDSHAKE));
            assertNull(p.get(LinkPipeline.HANDSHAKE_DECODER));
            assertNull(p.get(LinkPipeline.HANDSHAKE_ENCODER));
            assertEquals(java.util.List.of(LinkPipeline.FRAME_DECODER, LinkPipeline.FRAME_ENCODER,
                    LinkPipeline.CHUNK_REASSEMBLER, LinkPipeline.CHUNK_WRITER, "app"),
                    p.names().subList(0, 5));
        }

        // frames flow both ways afterwards
        link.client.writeAndFlush(Frame.call(1, "math", "add", 100, Unpooled.copiedBuffer("1,2",
                StandardCharsets.UTF_8)));
        link.pump();
        Frame call = (Frame) link.serverApp.messages.get(0);
        assertEquals(FrameType.CALL, call.type());
        assertEquals("1,2", call.content().toString(StandardCharsets.UTF_8));
        link.server.writeAndFlush(Frame.reply(1, Unpooled.copiedBuffer("3", StandardCharsets.UTF_8)));
        link.pump();
        Frame reply = (Frame) link.clientApp.messages.get(0);
        assertEquals("3", reply.content().toString(StandardCharsets.UTF_8));
    }

    @Test
    void serverLearnsTheLinkKey() throws Exception {
        ClientHandshakeHandler client = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B, "shard-7"), AUTH);
        ServerHandshakeHandler server = new ServerHandshakeHandler(B, COOKIE, AUTH);
        link = new EmbeddedLink(client, server);
        link.pump();
        assertEquals("shard-7", server.handshakeFuture().get().key());
        assertEquals(NodeKey.of(A, "shard-7"), server.handshakeFuture().get().nodeKey());
        assertEquals(NodeKey.of(B, "shard-7"), client.handshakeFuture().get().nodeKey());
    }

    private void assertBothFail(ClientHandshakeHandler client, ServerHandshakeHandler server,
                                Class<? extends RpcException> expected, String clientMessagePart) {
        link = new EmbeddedLink(client, server);
        link.pump();
        RpcException atClient = failure(client.handshakeFuture());
        RpcException atServer = failure(server.handshakeFuture());
        assertInstanceOf(expected, atClient);
        assertInstanceOf(expected, atServer);
        assertTrue(atClient.getMessage().contains(clientMessagePart), atClient.getMessage());
        assertFalse(link.client.isOpen());
        assertFalse(link.server.isOpen());
        assertTrue(link.serverApp.messages.isEmpty());
        assertEquals(new HandshakeFailedEvent(atClient), link.clientApp.events.get(0));
        assertEquals(new HandshakeFailedEvent(atServer), link.serverApp.events.get(0));
        assertTrue(link.clientApp.exceptions.isEmpty(), "failures surface through the event and the future");
    }

    @Test
    void wrongCookieOnTheClient() {
        assertBothFail(new ClientHandshakeHandler(A, Cookie.of("wrong"), NodeKey.of(B), AUTH),
                new ServerHandshakeHandler(B, COOKIE, AUTH), AuthenticationFailedException.class, "same cookie");
    }

    @Test
    void aCookieOverrideForTheClientIsTheOneItMustProve() throws Exception {
        Cookie special = Cookie.of("special-for-a");
        ClientHandshakeHandler client = new ClientHandshakeHandler(A, special, NodeKey.of(B), AUTH);
        ServerHandshakeHandler server = new ServerHandshakeHandler(B, COOKIE,
                node -> node.equals(A) ? special : null, AUTH);
        link = new EmbeddedLink(client, server);
        link.pump();
        assertEquals(A, server.handshakeFuture().get().peer());
    }

    @Test
    void aClientWithoutAnOverrideMustProveTheDefaultCookie() {
        assertBothFail(new ClientHandshakeHandler(A, Cookie.of("special-for-someone-else"), NodeKey.of(B), AUTH),
                new ServerHandshakeHandler(B, COOKIE, node -> node.equals(A) ? null : Cookie.of("x"), AUTH),
                AuthenticationFailedException.class, "same cookie");
    }

    @Test
    void wrongCookieOnTheServer() {
        assertBothFail(new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B), AUTH),
                new ServerHandshakeHandler(B, Cookie.of("wrong"), AUTH), AuthenticationFailedException.class,
                "same cookie");
    }

    @Test
    void wrongNodeName() {
        assertBothFail(new ClientHandshakeHandler(A, COOKIE, NodeKey.of("c@127.0.0.1"), AUTH),
                new ServerHandshakeHandler(B, COOKIE, AUTH), BadNodeException.class, "this is node b@127.0.0.1");
    }

    @Test
    void noCommonVersion() {
        assertBothFail(new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B), AUTH, 2, 3, null),
                new ServerHandshakeHandler(B, COOKIE, AUTH), IncompatibleException.class, "speaks 1..1");
    }

    @Test
    void overlappingVersionsAgreeOnTheHighestCommon() throws Exception {
        ClientHandshakeHandler client = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B), AUTH, 1, 3, null);
        ServerHandshakeHandler server = new ServerHandshakeHandler(B, COOKIE, AUTH, 2, 5, null);
        link = new EmbeddedLink(client, server);
        link.pump();
        assertEquals(3, client.handshakeFuture().get().protocolVersion());
        assertEquals(3, server.handshakeFuture().get().protocolVersion());
    }

    @Test
    void silentClientIsDroppedAfterTheAuthTimeout() {
        ServerHandshakeHandler server = new ServerHandshakeHandler(B, COOKIE, Duration.ofMillis(100));
        EmbeddedLink.Recorder app = new EmbeddedLink.Recorder();
        io.netty.channel.embedded.EmbeddedChannel ch = EmbeddedLink.pipeline(server, app);
        ch.advanceTimeBy(99, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        RpcException e = failure(server.handshakeFuture());
        assertInstanceOf(RpcTimeoutException.class, e);
        assertTrue(e.getMessage().contains("authTimeout"), e.getMessage());
        ch.finishAndReleaseAll();
    }

    @Test
    void silentServerTimesTheClientOut() {
        ClientHandshakeHandler client = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B), Duration.ofSeconds(2));
        EmbeddedLink.Recorder app = new EmbeddedLink.Recorder();
        io.netty.channel.embedded.EmbeddedChannel ch = EmbeddedLink.pipeline(client, app);
        io.netty.buffer.ByteBuf hello = ch.readOutbound();
        hello.release();
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertInstanceOf(RpcTimeoutException.class, failure(client.handshakeFuture()));
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void writesBeforeTheHandshakeAreRefused() {
        ClientHandshakeHandler client = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B), AUTH);
        link = new EmbeddedLink(client, new ServerHandshakeHandler(B, COOKIE, AUTH));
        io.netty.buffer.ByteBuf payload = Unpooled.copiedBuffer("x", StandardCharsets.UTF_8);
        ChannelFuture write = link.client.writeAndFlush(Frame.cast(1, "s", "f", payload));
        assertInstanceOf(IllegalStateException.class, write.cause());
        assertEquals(0, payload.refCnt());
        link.pump();
        assertTrue(link.serverApp.messages.isEmpty());
        assertTrue(client.handshakeFuture().isDone() && !client.handshakeFuture().isCompletedExceptionally());
    }

    @Test
    void closingDuringTheHandshakeFailsIt() {
        ClientHandshakeHandler client = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B), AUTH);
        ServerHandshakeHandler server = new ServerHandshakeHandler(B, COOKIE, AUTH);
        link = new EmbeddedLink(client, server);
        link.server.close();
        link.client.close();
        assertInstanceOf(io.noderpc.core.ConnectFailedException.class, failure(client.handshakeFuture()));
        assertInstanceOf(io.noderpc.core.ConnectFailedException.class, failure(server.handshakeFuture()));
    }
}
