package io.noderpc.core.handshake;

import io.netty.channel.ChannelHandlerContext;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.Cookie;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.handshake.HandshakeMessage.Accept;
import io.noderpc.core.handshake.HandshakeMessage.Challenge;
import io.noderpc.core.handshake.HandshakeMessage.Hello;
import io.noderpc.core.handshake.HandshakeMessage.Proof;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The client side of the handshake (flow on {@link HandshakeDecoder}): sends HELLO for its {@link NodeKey} target,
 * checks that the server is the node it asked for and speaks a version in range, proves the cookie, and checks the
 * server's proof. Failures: {@link AuthenticationFailedException} (the server refused our proof, or its own proof
 * is wrong), {@link BadNodeException} (another node answered), {@link IncompatibleException} (no common version, or
 * a peer that breaks the protocol), {@code RpcTimeoutException} (auth timeout), {@code ConnectFailedException}
 * (connection lost). See {@link HandshakeHandler} for the pipeline contract.
 */
public final class ClientHandshakeHandler extends HandshakeHandler {

    private final NodeKey target;
    private Hello hello;
    private Challenge challenge;

    /**
     * @param self this node's name
     * @param cookie the cookie to prove
     * @param target the node (and link key) to reach
     * @param authTimeout how long the whole handshake may take
     */
    public ClientHandshakeHandler(NodeName self, Cookie cookie, NodeKey target, Duration authTimeout) {
        this(self, cookie, target, authTimeout, HandshakeProtocol.VERSION, HandshakeProtocol.VERSION, null);
    }

    /** With the version range offered and the challenge source: for tests and protocol upgrades. */
    ClientHandshakeHandler(NodeName self, Cookie cookie, NodeKey target, Duration authTimeout, int minVersion,
                           int maxVersion, Consumer<byte[]> random) {
        super(self, cookie, authTimeout, minVersion, maxVersion, random);
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    void onStart(ChannelHandlerContext ctx) {
        hello = new Hello(minVersion, maxVersion, self, target.node(), target.key(), newChallenge());
        ctx.writeAndFlush(hello);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, HandshakeMessage message) {
        if (message instanceof Challenge c && challenge == null) {
            onChallenge(ctx, c);
        } else if (message instanceof Accept a && challenge != null) {
            byte[] expected = HandshakeProtocol.serverProof(cookie, hello, challenge);
            if (MessageDigest.isEqual(expected, a.mac())) {
                succeed(ctx, challenge.server(), challenge.version(), target.key());
            } else {
                reject(ctx, ErrorKind.AUTHENTICATION_FAILED, "your proof of the cookie is wrong: " + self + " and "
                        + challenge.server() + " do not share the same cookie",
                        new AuthenticationFailedException(target + " could not prove it knows our cookie: the cookies"
                                + " differ (or the peer is an impostor); give both nodes the same cookie"));
            }
        } else {
            onRejectOrUnexpected(ctx, message);
        }
    }

    private void onChallenge(ChannelHandlerContext ctx, Challenge c) {
        if (c.version() < minVersion || c.version() > maxVersion) {
            reject(ctx, ErrorKind.INCOMPATIBLE, "version " + c.version() + " is outside the range I offered, "
                    + minVersion + ".." + maxVersion, new IncompatibleException(target + " chose protocol version "
                    + c.version() + ", outside our range " + minVersion + ".." + maxVersion));
            return;
        }
        if (!c.server().equals(target.node())) {
            reject(ctx, ErrorKind.BAD_NODE, "I asked for " + target.node() + ", not " + c.server(),
                    new BadNodeException("asked for node " + target.node() + " but reached " + c.server()
                            + " at " + ctx.channel().remoteAddress() + "; its address or data port for "
                            + target.node() + " is stale or misconfigured"));
            return;
        }
        challenge = c;
        ctx.writeAndFlush(new Proof(HandshakeProtocol.clientProof(cookie, hello, c)));
    }

    @Override
    String peerDescription(ChannelHandlerContext ctx) {
        return target + " (" + ctx.channel().remoteAddress() + ")";
    }
}
