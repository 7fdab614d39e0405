package io.noderpc.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.noderpc.core.NodeKey;
import java.util.concurrent.CompletableFuture;

/**
 * Gives an {@link RpcClient} its links on channels someone else owns, instead of the client opening data
 * connections: the SPI behind distribution-channel RPC, where a node runs calls over its already authenticated
 * distribution channel to a peer, both peers being client and server on that one connection. Set it with
 * {@link RpcClientBuilder#linkAttacher}; the client then resolves no data port and asks no EPMD.
 *
 * <h2>Contract</h2>
 * The client calls {@link #attach} on the first request to a {@link NodeKey} (and again after a link was lost),
 * on {@code loop}, the event loop of that key's client worker. The attacher must not block; it completes the
 * future from any thread:
 * <ul>
 *   <li><b>with the channel</b>, once {@code link} was added at the <b>end</b> of the pipeline of an authenticated
 *       channel to {@code key.node()}, with
 *       {@code channel.pipeline().addLast(loop, LinkAttacher.stageName(key), link)}, so that the link's events run
 *       on {@code loop} (when {@code loop} is the channel's own event loop, {@code addLast(name, link)} is the
 *       same). The pipeline must hold rpc-core's link stages ({@code LinkPipeline.addLinkStages}) with the
 *       handshake done, and let REPLY, ERROR and SBCAST_REPLY frames reach the end: an rpc-server shared-link
 *       acceptor ({@code RpcServer.newSharedLinkAcceptor()}) passes them on. A link not added this way is refused
 *       with a {@link io.noderpc.core.ConnectFailedException} saying so;</li>
 *   <li><b>exceptionally</b> with an {@link io.noderpc.core.RpcException} when there is no such channel:
 *       {@link io.noderpc.core.ConnectFailedException} (not connected, connection failed),
 *       {@link io.noderpc.core.NodeDownException} (the node is known down),
 *       {@link io.noderpc.core.RpcTimeoutException}, {@link io.noderpc.core.AuthenticationFailedException}, ...
 *       The requests waiting for the link fail with it, and for the reconnection back-off that follows
 *       ({@link RpcClientBuilder#reconnectBackoff}) later requests to the key fail at once the same way. Any other
 *       exception, and a {@code null} future, count as a {@code ConnectFailedException}.</li>
 * </ul>
 *
 * <h2>What the client does on an attached link</h2>
 * <ul>
 *   <li>It never closes the channel. When its link is done (the key's worker expired after
 *       {@code clientInactivityTimeout}, {@link RpcClient#nodeDown}, {@link RpcClient#close()}), the link removes
 *       itself from the pipeline, fails the requests it awaits (sending a CANCEL for each call while the channel
 *       is open) and the next request attaches again. The owner removing the link has the same effect.</li>
 *   <li>When the channel closes, the requests it awaits fail at once ({@code ConnectFailedException}, or
 *       {@code NodeDownException} after {@code nodeDown}), as on a data link.</li>
 *   <li>It sends no pings and watches no send progress: the channel's liveness is the owner's, who calls
 *       {@link RpcClient#nodeDown} when the peer is down.</li>
 *   <li>Several keys of one node may attach to the same channel, each with its own link under its own
 *       {@link #stageName}: message ids are allocated per channel, and a link passes on to the next handler
 *       whatever it does not own (answers to other links' requests, PONGs, messages that are not frames).</li>
 * </ul>
 */
@FunctionalInterface
public interface LinkAttacher {

    /** The pipeline name of a node's plain link, the same as on the client's own data connections. */
    String LINK = "link";

    /**
     * The pipeline name for the link of {@code key}: {@value #LINK} for the node's plain link, {@code "link:"} and
     * the key for a keyed one, so that the links of several keys can share one channel.
     */
    static String stageName(NodeKey key) {
        return key.key() == null ? LINK : LINK + ":" + key.key();
    }

    /**
     * Adds {@code link} at the end of the pipeline of an authenticated channel to {@code key.node()}, as described
     * above.
     *
     * @param key the node (and key) the link is for
     * @param loop the event loop {@code link} must run on
     * @param link the client's handler of the link, not sharable
     * @return the channel once {@code link} was added, or a failure with an {@link io.noderpc.core.RpcException}
     */
    CompletableFuture<Channel> attach(NodeKey key, EventLoop loop, ChannelHandler link);
}
