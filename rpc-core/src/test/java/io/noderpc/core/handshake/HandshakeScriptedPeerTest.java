package io.noderpc.core.handshake;

import static io.noderpc.core.handshake.HandshakeTest.A;
import static io.noderpc.core.handshake.HandshakeTest.AUTH;
import static io.noderpc.core.handshake.HandshakeTest.B;
import static io.noderpc.core.handshake.HandshakeTest.COOKIE;
import static io.noderpc.core.handshake.HandshakeTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameFuzzTargets;
import io.noderpc.core.frame.FrameType;
import io.noderpc.core.frame.MalformedFrameException;
import io.noderpc.core.handshake.HandshakeMessage.Accept;
import io.noderpc.core.handshake.HandshakeMessage.Challenge;
import io.noderpc.core.handshake.HandshakeMessage.Hello;
import io.noderpc.core.handshake.HandshakeMessage.Proof;
import io.noderpc.core.handshake.HandshakeMessage.Reject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One real handshake handler against a scripted peer that sends exactly what a test wants. */
class HandshakeScriptedPeerTest {

    private final EmbeddedLink.Recorder app = new EmbeddedLink.Recorder();
    private EmbeddedChannel real;
    private final EmbeddedChannel peer = new EmbeddedChannel(new HandshakeDecoder(), new HandshakeEncoder());

    @AfterEach
    void finish() {
        app.releaseAll();
        real.finishAndReleaseAll();
        peer.finishAndReleaseAll();
    }

    /** Sends {@code message} from the scripted peer to the real handler. */
    private void send(Object message) {
        peer.writeOutbound(message);
        deliver(peer, real);
    }

    /** What the real handler sent, decoded. */
    private HandshakeMessage received() {
        deliver(real, peer);
        return peer.readInbound();
    }

    private static void deliver(EmbeddedChannel from, EmbeddedChannel to) {
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            if (to.isOpen()) {
                to.writeInbound(b);
            } else {
                b.release();
            }
        }
    }

    private static ByteBuf frameBytes(Frame frame) {
        return Unpooled.wrappedBuffer(FrameFuzzTargets.wire(frame));
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private ServerHandshakeHandler server(byte[] challenge) {
        ServerHandshakeHandler server = new ServerHandshakeHandler(B, COOKIE, AUTH, 1, 1,
                bytes -> System.arraycopy(challenge, 0, bytes, 0, 32));
        real = EmbeddedLink.pipeline(server, app);
        return server;
    }

    private ClientHandshakeHandler client() {
        ClientHandshakeHandler client = new ClientHandshakeHandler(A, COOKIE, NodeKey.of(B), AUTH, 1, 1,
                bytes -> Arrays.fill(bytes, (byte) 7));
        real = EmbeddedLink.pipeline(client, app);
        return client;
    }

    @Test
    void serverRejectsDataFramesBeforeTheHandshakeWithoutDecodingThem() {
        ServerHandshakeHandler server = server(filled(1));
        real.writeInbound(frameBytes(Frame.call(1, "math", "add", 0, Unpooled.copiedBuffer("x",
                StandardCharsets.UTF_8))));
        RpcException e = failure(server.handshakeFuture());
        assertInstanceOf(IncompatibleException.class, e);
        assertInstanceOf(MalformedFrameException.class, e.getCause());
        String reason = e.getCause().getMessage();
        assertTrue(reason.contains("CALL before the handshake completed"), reason);
        assertFalse(real.isOpen());
        assertTrue(app.messages.isEmpty());
    }

    @Test
    void framesPipelinedRightAfterTheProofAreDecodedOnceAuthenticated() {
        ServerHandshakeHandler server = server(filled(1));
        Hello hello = new Hello(1, 1, A, B, null, filled(2));
        send(hello);
        Challenge challenge = (Challenge) received();
        ByteBuf proofAndCall = Unpooled.buffer();
        peer.writeOutbound(new Proof(HandshakeProtocol.clientProof(COOKIE, hello, challenge)));
        ByteBuf proof = peer.readOutbound();
        proofAndCall.writeBytes(proof);
        proof.release();
        ByteBuf call = frameBytes(Frame.cast(9, "svc", "fn", Unpooled.copiedBuffer("payload",
                StandardCharsets.UTF_8)));
        proofAndCall.writeBytes(call);
        call.release();
        real.writeInbound(proofAndCall);
        assertTrue(server.handshakeFuture().isDone() && !server.handshakeFuture().isCompletedExceptionally());
        assertInstanceOf(HandshakeCompletedEvent.class, app.events.get(0));
        Frame cast = (Frame) app.messages.get(0);
        assertEquals(FrameType.CAST, cast.type());
        assertEquals("payload", cast.content().toString(StandardCharsets.UTF_8));
        assertTrue(received() instanceof Accept);
    }

    @Test
    void serverRefusesAProofReplayedFromAnotherSession() {
        // session 1: a legitimate proof for server challenge 1
        Hello hello = new Hello(1, 1, A, B, null, filled(2));
        byte[] oldProof = HandshakeProtocol.clientProof(COOKIE, hello, new Challenge(1, B, filled(1)));
        // session 2: the server challenges with fresh bytes; the attacker replays session 1
        ServerHandshakeHandler server = server(filled(3));
        send(hello);
        assertTrue(received() instanceof Challenge);
        send(new Proof(oldProof));
        assertInstanceOf(AuthenticationFailedException.class, failure(server.handshakeFuture()));
        assertEquals(ErrorKind.AUTHENTICATION_FAILED, ((Reject) received()).kind());
    }

    @Test
    void clientRefusesAChallengeFromAnotherNode() {
        ClientHandshakeHandler client = client();
        assertTrue(received() instanceof Hello);
        send(new Challenge(1, NodeName.of("x@127.0.0.1"), filled(1)));
        RpcException e = failure(client.handshakeFuture());
        assertInstanceOf(BadNodeException.class, e);
        assertTrue(e.getMessage().contains("reached x@127.0.0.1"), e.getMessage());
        assertEquals(ErrorKind.BAD_NODE, ((Reject) received()).kind());
    }

    @Test
    void clientRefusesAVersionOutsideItsRange() {
        ClientHandshakeHandler client = client();
        received();
        send(new Challenge(7, B, filled(1)));
        assertInstanceOf(IncompatibleException.class, failure(client.handshakeFuture()));
    }

    @Test
    void clientRefusesAForgedAccept() {
        ClientHandshakeHandler client = client();
        received();
        send(new Challenge(1, B, filled(1)));
        assertTrue(received() instanceof Proof);
        send(new Accept(filled(9)));
        assertInstanceOf(AuthenticationFailedException.class, failure(client.handshakeFuture()));
        assertTrue(app.messages.isEmpty());
    }

    @Test
    void clientRefusesItsOwnProofReflectedBack() {
        ClientHandshakeHandler client = client();
        received();
        send(new Challenge(1, B, filled(1)));
        Proof proof = (Proof) received();
        send(new Accept(proof.mac()));
        assertInstanceOf(AuthenticationFailedException.class, failure(client.handshakeFuture()));
    }

    @Test
    void clientRefusesMessagesOutOfOrder() {
        ClientHandshakeHandler client = client();
        received();
        send(new Accept(filled(9)));
        assertInstanceOf(IncompatibleException.class, failure(client.handshakeFuture()));
    }

    @Test
    void clientRaisesTheKindAndReasonOfAReject() {
        ClientHandshakeHandler client = client();
        received();
        send(new Reject(ErrorKind.BAD_NODE, "this is node c@h, not b@h"));
        RpcException e = failure(client.handshakeFuture());
        assertInstanceOf(BadNodeException.class, e);
        assertTrue(e.getMessage().endsWith("refused by the peer: this is node c@h, not b@h"), e.getMessage());
        assertFalse(real.isOpen());
    }

    @Test
    void clientTreatsGarbageAsAnIncompatiblePeer() {
        ClientHandshakeHandler client = client();
        received();
        real.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 400 Bad Request\r\n\r\n", StandardCharsets.US_ASCII));
        RpcException e = failure(client.handshakeFuture());
        assertInstanceOf(IncompatibleException.class, e);
        assertTrue(e.getMessage().contains("noderpc data port"), e.getMessage());
        assertFalse(real.isOpen());
    }
}
