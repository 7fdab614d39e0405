package io.noderpc.core.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.core.IncompatibleException;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameDecoder;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.MalformedFrameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code LinkPipeline.addLinkStages(..., emptyFramesAreTicks)}: ticks after the handshake, both ways. */
class LinkTicksTest {

    private EmbeddedLink link;

    @AfterEach
    void finish() {
        if (link != null) {
            link.finish();
        }
    }

    private EmbeddedLink authenticated(boolean ticks) {
        EmbeddedLink l = new EmbeddedLink(
                new ClientHandshakeHandler(HandshakeTest.A, HandshakeTest.COOKIE, NodeKey.of(HandshakeTest.B),
                        HandshakeTest.AUTH),
                new ServerHandshakeHandler(HandshakeTest.B, HandshakeTest.COOKIE, HandshakeTest.AUTH), ticks);
        l.pump();
        assertInstanceOf(HandshakeCompletedEvent.class, l.clientApp.events.get(0));
        assertInstanceOf(HandshakeCompletedEvent.class, l.serverApp.events.get(0));
        return l;
    }

    @Test
    void aLinkWithTicksDropsThemAndKeepsGoing() {
        link = authenticated(true);
        assertTrue(((FrameDecoder) link.server.pipeline().get(LinkPipeline.FRAME_DECODER)).emptyFramesAreTicks());
        link.client.writeAndFlush(Frame.tick());
        link.client.writeAndFlush(Frame.ping(3));
        link.client.writeAndFlush(Frame.tick());
        link.server.writeAndFlush(Frame.tick());
        link.pump();
        assertEquals(1, link.serverApp.messages.size(), link.serverApp.messages.toString());
        assertEquals(FrameType.PING, ((Frame) link.serverApp.messages.get(0)).type());
        assertTrue(link.clientApp.messages.isEmpty());
        assertTrue(link.serverApp.exceptions.isEmpty() && link.clientApp.exceptions.isEmpty());
        assertTrue(link.client.isOpen() && link.server.isOpen());
    }

    @Test
    void theHandshakeNeverAcceptsATick() {
        ServerHandshakeHandler server = new ServerHandshakeHandler(HandshakeTest.B, HandshakeTest.COOKIE,
                HandshakeTest.AUTH);
        link = new EmbeddedLink(new ClientHandshakeHandler(HandshakeTest.A, HandshakeTest.COOKIE,
                NodeKey.of(HandshakeTest.B), HandshakeTest.AUTH), server, true);
        link.server.writeInbound(Frame.tick());
        assertInstanceOf(IncompatibleException.class, HandshakeTest.failure(server.handshakeFuture()));
        assertFalse(link.server.isOpen());
    }

    @Test
    void aDataLinkRefusesATickAndCloses() {
        link = authenticated(false);
        assertFalse(((FrameDecoder) link.server.pipeline().get(LinkPipeline.FRAME_DECODER)).emptyFramesAreTicks());
        link.client.writeAndFlush(Frame.tick());
        link.pump();
        assertEquals(1, link.serverApp.exceptions.size());
        assertInstanceOf(MalformedFrameException.class, link.serverApp.exceptions.get(0));
        assertFalse(link.server.isOpen());
    }
}
