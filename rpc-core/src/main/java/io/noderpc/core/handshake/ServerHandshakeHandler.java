package io.noderpc.core.handshake;

import io.netty.channel.ChannelHandlerContext;
import io.noderpc.core.AuthenticationFailedException;
import io.noderpc.core.BadNodeException;
import io.noderpc.core.Cookie;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.IncompatibleException;
import io.noderpc.core.NodeName;
import io.noderpc.core.handshake.HandshakeMessage.Accept;
import io.noderpc.core.handshake.HandshakeMessage.Challenge;
import io.noderpc.core.handshake.HandshakeMessage.Hello;
import io.noderpc.core.handshake.HandshakeMessage.Proof;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server side of the handshake (flow on {@link HandshakeDecoder}): waits for HELLO, refuses a client asking
 * for another node ({@link BadNodeException}) or with no common protocol version ({@link IncompatibleException}),
 * challenges it, verifies its proof of the cookie ({@link AuthenticationFailedException} if wrong) and answers with
 * its own. Each refusal is sent to the client as REJECT with the reason, so the client raises the same kind of
 * error. A silent client is dropped after the auth timeout ({@code RpcTimeoutException}). See
 * {@link HandshakeHandler} for the pipeline contract.
 */
public final class ServerHandshakeHandler extends HandshakeHandler {

    private final Function<NodeName, Cookie> cookies;
    private Hello hello;
    private Challenge challenge;

    /**
     * @param self this node's name: clients asking for another name are refused
     * @param cookie the cookie clients must prove
     * @param authTimeout how long a client may take to complete the handshake
     */
    public ServerHandshakeHandler(NodeName self, Cookie cookie, Duration authTimeout) {
        this(self, cookie, authTimeout, HandshakeProtocol.VERSION, HandshakeProtocol.VERSION, null);
    }

    /**
     * With a cookie per client, like Erlang's {@code erlang:set_cookie(Node, Cookie)}: the client named in the
     * HELLO must prove {@code cookieFor.apply(client)}, or {@code cookie} when that gives {@code null}.
     *
     * @param self        this node's name: clients asking for another name are refused
     * @param cookie      the cookie of clients without an override
     * @param cookieFor   the override per client node, called on the event loop; must not block
     * @param authTimeout how long a client may take to complete the handshake
     */
    public ServerHandshakeHandler(NodeName self, Cookie cookie, Function<NodeName, Cookie> cookieFor,
                                  Duration authTimeout) {
        super(self, cookie, authTimeout, HandshakeProtocol.VERSION, HandshakeProtocol.VERSION, null);
        this.cookies = Objects.requireNonNull(cookieFor, "cookieFor");
    }

    /** With the version range accepted and the challenge source: for tests and protocol upgrades. */
    ServerHandshakeHandler(NodeName self, Cookie cookie, Duration authTimeout, int minVersion, int maxVersion,
                           Consumer<byte[]> random) {
        super(self, cookie, authTimeout, minVersion, maxVersion, random);
        this.cookies = node -> null;
    }

    private Cookie cookieOf(NodeName client) {
        Cookie override = cookies.apply(client);
        return override != null ? override : cookie;
    }

    @Override
    void onStart(ChannelHandlerContext ctx) {
        // the client speaks first
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, HandshakeMessage message) {
        if (message instanceof Hello h && hello == null) {
            onHello(ctx, h);
        } else if (message instanceof Proof p && challenge != null) {
            Cookie expectedCookie = cookieOf(hello.client());
            byte[] expected = HandshakeProtocol.clientProof(expectedCookie, hello, challenge);
            if (MessageDigest.isEqual(expected, p.mac())) {
                ctx.writeAndFlush(new Accept(HandshakeProtocol.serverProof(expectedCookie, hello, challenge)));
                succeed(ctx, hello.client(), challenge.version(), hello.key());
            } else {
                reject(ctx, ErrorKind.AUTHENTICATION_FAILED, "cookie mismatch: " + hello.client() + " and " + self
                        + " do not share the same cookie; give both nodes the same cookie (--cookie, NODERPC_COOKIE"
                        + " or ~/.erlang.cookie)", new AuthenticationFailedException("client " + hello.client()
                        + " at " + ctx.channel().remoteAddress() + " failed to prove our cookie: the cookies differ;"
                        + " give both nodes the same cookie"));
            }
        } else {
            onRejectOrUnexpected(ctx, message);
        }
    }

    private void onHello(ChannelHandlerContext ctx, Hello h) {
        hello = h;
        int version = Math.min(h.maxVersion(), maxVersion);
        if (version < Math.max(h.minVersion(), minVersion)) {
            reject(ctx, ErrorKind.INCOMPATIBLE, "no common protocol version: " + self + " speaks " + minVersion + ".."
                    + maxVersion + ", you offered " + h.minVersion() + ".." + h.maxVersion()
                    + "; upgrade one of the nodes", new IncompatibleException("client " + h.client()
                    + " offered protocol versions " + h.minVersion() + ".." + h.maxVersion() + ", this node speaks "
                    + minVersion + ".." + maxVersion + "; upgrade one of the nodes"));
            return;
        }
        if (!h.target().equals(self)) {
            reject(ctx, ErrorKind.BAD_NODE, "this is node " + self + ", not " + h.target() + ": your address or data"
                    + " port for " + h.target() + " is stale or misconfigured", new BadNodeException("client "
                    + h.client() + " asked for node " + h.target() + " but this is " + self
                    + "; it has a stale or wrong address for " + h.target()));
            return;
        }
        challenge = new Challenge(version, self, newChallenge());
        ctx.writeAndFlush(challenge);
    }

    @Override
    String peerDescription(ChannelHandlerContext ctx) {
        return (hello == null ? "client" : hello.client().toString()) + " (" + ctx.channel().remoteAddress() + ")";
    }
}
