package io.noderpc.core.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.noderpc.core.Cookie;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.LinkPipeline;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.frame.Frame;
import io.noderpc.core.frame.FrameFuzzTargets;
import io.noderpc.core.fuzz.FuzzTarget;
import io.noderpc.core.fuzz.OutcomeRecorder;
import io.noderpc.core.handshake.HandshakeMessage.Accept;
import io.noderpc.core.handshake.HandshakeMessage.Challenge;
import io.noderpc.core.handshake.HandshakeMessage.Hello;
import io.noderpc.core.handshake.HandshakeMessage.Proof;
import io.noderpc.core.handshake.HandshakeMessage.Reject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Fuzz targets for the handshake: the input is what the peer sends to a real server (or client) pipeline with all
 * link stages. Challenges are fixed so that the seeds can carry valid proofs and reach the frames behind them.
 */
public final class HandshakeFuzzTargets {

    static final NodeName CLIENT = NodeName.of("a@127.0.0.1");
    static final NodeName SERVER = NodeName.of("b@127.0.0.1");
    static final Cookie COOKIE = Cookie.of("fuzz");
    static final byte[] SERVER_CHALLENGE = filled(1);
    static final byte[] CLIENT_CHALLENGE = filled(7);
    static final RpcOptions OPTIONS = RpcOptions.builder(new Properties()).maxFrameLength(2048).chunkSize(512)
            .maxMessageSize(8192).maxReassemblyBytes(16384).build();

    /** A server pipeline fed the client's bytes. */
    public static final FuzzTarget SERVER_TARGET = target("handshake-server", () -> new ServerHandshakeHandler(
            SERVER, COOKIE, Duration.ofSeconds(5), 1, 1, b -> System.arraycopy(SERVER_CHALLENGE, 0, b, 0, 32)));

    /** A client pipeline (it sends its HELLO first) fed the server's bytes. */
    public static final FuzzTarget CLIENT_TARGET = target("handshake-client", () -> new ClientHandshakeHandler(
            CLIENT, COOKIE, NodeKey.of(SERVER), Duration.ofSeconds(5), 1, 1,
            b -> System.arraycopy(CLIENT_CHALLENGE, 0, b, 0, 32)));

    private HandshakeFuzzTargets() {
    }

    private static FuzzTarget target(String name, java.util.function.Supplier<HandshakeHandler> handshake) {
        return new FuzzTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> run(ByteBufAllocator alloc, byte[] input, int pieceSize) {
                EmbeddedChannel ch = new EmbeddedChannel();
                ch.config().setAllocator(alloc);
                OutcomeRecorder recorder = new OutcomeRecorder();
                LinkPipeline.addLinkStages(ch.pipeline(), OPTIONS, handshake.get());
                ch.pipeline().addLast(recorder);
                OutcomeRecorder.feed(ch, alloc, input, pieceSize);
                ch.finishAndReleaseAll();
                return recorder.outcome();
            }
        };
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] wire(HandshakeMessage... messages) {
        ByteBuf out = Unpooled.buffer();
        for (HandshakeMessage m : messages) {
            HandshakeFormat.write(m, out);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** Seeds for {@link #SERVER_TARGET}, by file name. */
    public static Map<String, byte[]> serverSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Hello hello = new Hello(1, 1, CLIENT, SERVER, null, filled(2));
        Challenge challenge = new Challenge(1, SERVER, SERVER_CHALLENGE);
        byte[] proof = wire(new Proof(HandshakeProtocol.clientProof(COOKIE, hello, challenge)));
        byte[] frames = FrameFuzzTargets.seeds().get("many.bin");
        seeds.put("hello.bin", wire(hello));
        seeds.put("full.bin", FrameFuzzTargets.concat(wire(hello), proof, frames));
        Hello keyed = new Hello(1, 3, CLIENT, SERVER, "shard-7", filled(3));
        seeds.put("keyed.bin", FrameFuzzTargets.concat(wire(keyed), wire(new Proof(HandshakeProtocol.clientProof(COOKIE, keyed,
                challenge))), FrameFuzzTargets.wire(Frame.cast(1, "s", "f", text("x")))));
        seeds.put("wrong-target.bin", wire(new Hello(1, 1, CLIENT, NodeName.of("c@127.0.0.1"), null, filled(2))));
        seeds.put("no-common-version.bin", wire(new Hello(2, 2, CLIENT, SERVER, null, filled(2))));
        seeds.put("wrong-proof.bin", FrameFuzzTargets.concat(wire(hello), wire(new Proof(filled(0)))));
        seeds.put("proof-first.bin", proof);
        seeds.put("reject.bin", wire(new Reject(ErrorKind.INCOMPATIBLE, "no thanks")));
        seeds.put("data-first.bin", FrameFuzzTargets.wire(Frame.call(1, "s", "f", 0, text("x"))));
        seeds.put("http.bin", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return seeds;
    }

    /** Seeds for {@link #CLIENT_TARGET}, by file name. */
    public static Map<String, byte[]> clientSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Hello hello = new Hello(1, 1, CLIENT, SERVER, null, CLIENT_CHALLENGE);
        Challenge challenge = new Challenge(1, SERVER, filled(4));
        byte[] accept = wire(new Accept(HandshakeProtocol.serverProof(COOKIE, hello, challenge)));
        seeds.put("challenge.bin", wire(challenge));
        seeds.put("full.bin", FrameFuzzTargets.concat(wire(challenge), accept, FrameFuzzTargets.seeds().get("many.bin")));
        seeds.put("other-node.bin", wire(new Challenge(1, NodeName.of("x@127.0.0.1"), filled(4))));
        seeds.put("bad-version.bin", wire(new Challenge(7, SERVER, filled(4))));
        seeds.put("forged-accept.bin", FrameFuzzTargets.concat(wire(challenge), wire(new Accept(filled(9)))));
        seeds.put("reject.bin", wire(new Reject(ErrorKind.AUTHENTICATION_FAILED, "cookie mismatch")));
        seeds.put("accept-first.bin", accept);
        return seeds;
    }
}
