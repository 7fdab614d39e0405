package io.noderpc.core.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.noderpc.core.frame.FrameTooLongException;
import io.noderpc.core.frame.LengthPrefixedDecoder;
import io.noderpc.core.frame.MalformedFrameException;
import java.util.List;

/**
 * Decodes handshake messages: the only input a link accepts before it is authenticated. It is the first inbound
 * stage; the handshake handler removes it on success, and the bytes it still holds then go on to the frame
 * decoder behind it. Anything but a handshake message is rejected here, undecoded.
 *
 * <h2>Flow</h2>
 * <pre>
 *  client                                              server
 *    | HELLO(versions, client, target, key, Cc)  ------&gt; |  version overlap? target is me?
 *    | &lt;------  CHALLENGE(version, server, Cs)            |    (else REJECT INCOMPATIBLE / BAD_NODE)
 *    | server is the target? version in my range?        |
 *    | PROOF(HMAC(K, "client proof" || transcript)) ----&gt; |  proof valid? (else REJECT AUTHENTICATION_FAILED)
 *    | &lt;------ ACCEPT(HMAC(K, "server proof" || transcript))  server done
 *    | proof valid? (else REJECT AUTHENTICATION_FAILED)  |
 *  client done
 * </pre>
 * Either side may send REJECT instead of its next message and then closes. Proofs and transcript are described
 * on {@link HandshakeProtocol}.
 *
 * <h2>Layout</h2>
 * Every message has the common frame prefix with flags and id 0; big-endian integers; str8 is a {@code u8} length
 * then UTF-8.
 * <pre>
 *  +--------+------+-------+---------+----------------------------------------------+
 *  | length | type | flags | id      | body                                         |
 *  | u32    | u8   | u8 =0 | i64 =0  |                                              |
 *  +--------+------+-------+---------+----------------------------------------------+
 *  HELLO     0x01  magic "NRPC" | u16 minVersion | u16 maxVersion | str8 client | str8 target
 *                  | str8 key (length 0 = none) | clientChallenge[32]
 *  CHALLENGE 0x02  magic "NRPC" | u16 version | str8 server | serverChallenge[32]
 *  PROOF     0x03  clientProof[32]
 *  ACCEPT    0x04  serverProof[32]
 *  REJECT    0x05  u8 errorKind (4 authentication failed, 5 bad node, 8 incompatible) | u16 length + reason
 * </pre>
 * Errors, each closing the connection: {@link FrameTooLongException} for a length above
 * {@link HandshakeProtocol#MAX_MESSAGE_LENGTH} (raised on the prefix alone), {@link MalformedFrameException} for
 * a non-handshake type, a missing magic, invalid names, wrong field lengths or trailing bytes.
 */
public final class HandshakeDecoder extends LengthPrefixedDecoder {

    public HandshakeDecoder() {
        super(HandshakeProtocol.MAX_MESSAGE_LENGTH, HandshakeFormat.MIN_BODY_LENGTH);
    }

    @Override
    protected void decodeBody(ChannelHandlerContext ctx, ByteBuf body, List<Object> out) {
        out.add(HandshakeFormat.read(body));
    }
}
