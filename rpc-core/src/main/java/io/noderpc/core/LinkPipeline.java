package io.noderpc.core;

import io.netty.channel.ChannelPipeline;
import io.noderpc.core.frame.ChunkReassembler;
import io.noderpc.core.frame.ChunkWriter;
import io.noderpc.core.frame.FrameDecoder;
import io.noderpc.core.frame.FrameEncoder;
import io.noderpc.core.handshake.HandshakeDecoder;
import io.noderpc.core.handshake.HandshakeEncoder;
import io.noderpc.core.handshake.HandshakeHandler;

/**
 * The stages every data link has, in order, for the client's and the server's pipeline initializers to add before
 * their own handlers. Read top to bottom (inbound runs down, outbound up):
 * <pre>
 *  name               handler                 inbound                              outbound
 *  handshakeDecoder   HandshakeDecoder        bytes -&gt; HandshakeMessage (removed    -
 *                                             on success; its rest goes on)
 *  handshakeEncoder   HandshakeEncoder        -                                    HandshakeMessage -&gt; bytes
 *  frameDecoder       FrameDecoder            bytes -&gt; Frame (ticks dropped         -
 *                                             if the link has them)
 *  frameEncoder       FrameEncoder            -                                    Frame -&gt; bytes
 *  chunkReassembler   ChunkReassembler        fragments -&gt; whole Frame             -
 *  chunkWriter        ChunkWriter             -                                    large Frame -&gt; interleaved chunks
 *  handshake          Client/ServerHandshake  runs the handshake, then removes     refuses frames until done
 *                     Handler                 itself and the handshake codec
 *  (yours)            e.g. ClientWorker, Acceptor: receive Frames after HandshakeCompletedEvent
 * </pre>
 * A distribution channel that also carries data-link RPC (both peers client and server on one connection) uses the
 * same stages, built to accept heartbeat ticks ({@link #addLinkStages(ChannelPipeline, RpcOptions, HandshakeHandler,
 * boolean)}).
 */
public final class LinkPipeline {

    public static final String HANDSHAKE_DECODER = "handshakeDecoder";
    public static final String HANDSHAKE_ENCODER = "handshakeEncoder";
    public static final String FRAME_DECODER = "frameDecoder";
    public static final String FRAME_ENCODER = "frameEncoder";
    public static final String CHUNK_REASSEMBLER = "chunkReassembler";
    public static final String CHUNK_WRITER = "chunkWriter";
    public static final String HANDSHAKE = "handshake";

    private static final FrameEncoder FRAME_ENCODER_INSTANCE = new FrameEncoder();
    private static final HandshakeEncoder HANDSHAKE_ENCODER_INSTANCE = new HandshakeEncoder();

    private LinkPipeline() {
    }

    /**
     * Adds the link stages of a data link at the end of {@code pipeline}, sized by {@code options}, with
     * {@code handshake} last: {@link #addLinkStages(ChannelPipeline, RpcOptions, HandshakeHandler, boolean)} without
     * ticks. Add your own handlers after it.
     */
    public static void addLinkStages(ChannelPipeline pipeline, RpcOptions options, HandshakeHandler handshake) {
        addLinkStages(pipeline, options, handshake, false);
    }

    /**
     * Adds the link stages at the end of {@code pipeline}, sized by {@code options}, with {@code handshake} last.
     * Add your own handlers after it.
     *
     * @param emptyFramesAreTicks {@code true} for a link that also carries heartbeat ticks (a distribution channel):
     *                            after the handshake, the frame decoder drops frames of length 0 ({@link
     *                            io.noderpc.core.frame.Frame#tick()}, four zero bytes) silently. {@code false} for a
     *                            data link, where such a frame is malformed and closes the connection. The handshake
     *                            itself never accepts ticks. To watch a peer's liveness by what arrives, ticks
     *                            included, observe the bytes before the decoders (e.g. an {@code IdleStateHandler}
     *                            added first).
     */
    public static void addLinkStages(ChannelPipeline pipeline, RpcOptions options, HandshakeHandler handshake,
                                     boolean emptyFramesAreTicks) {
        pipeline.addLast(HANDSHAKE_DECODER, new HandshakeDecoder())
                .addLast(HANDSHAKE_ENCODER, HANDSHAKE_ENCODER_INSTANCE)
                .addLast(FRAME_DECODER, new FrameDecoder(options.maxFrameLength(), emptyFramesAreTicks))
                .addLast(FRAME_ENCODER, FRAME_ENCODER_INSTANCE)
                .addLast(CHUNK_REASSEMBLER, new ChunkReassembler(options.maxMessageSize(),
                        options.maxReassemblyBytes(), ChunkReassembler.DEFAULT_MAX_MESSAGES_IN_REASSEMBLY))
                .addLast(CHUNK_WRITER, new ChunkWriter(options.chunkSize()))
                .addLast(HANDSHAKE, handshake);
    }
}
