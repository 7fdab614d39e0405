package io.noderpc.client;

import io.noderpc.client.internal.Broadcasts;
import io.noderpc.client.internal.NodeKeys;
import io.noderpc.client.internal.Stubs;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import java.time.Duration;
import java.util.Collection;

/**
 * The RPC API: gen_rpc's calls, casts, async calls, multicalls and broadcasts, and typed stubs. {@link RpcClient}
 * implements it over data links; {@link #withTimeout} gives a view with another call timeout.
 *
 * <h2>Nodes and links</h2>
 * A node is given as a {@code String} ({@code "b@127.0.0.1"}), a {@link NodeName}, or a {@link NodeKey}: a node and
 * a key. Each distinct {@code NodeKey} has its own connection, its own worker on both ends, and its own FIFO order
 * (gen_rpc's {@code {Node, Key}}); a {@code String} or {@code NodeName} means the plain (unkeyed) link.
 *
 * <h2>Services and functions</h2>
 * {@code service} names a service registered on the remote node, {@code service@version} asks for a version of it
 * (gen_rpc's {@code {M, Vsn}}); {@code function} names one of its functions, the overload picked by the number of
 * arguments. Arguments and results go through the client's {@link io.noderpc.core.codec.Codec}: by default
 * {@link io.noderpc.core.codec.ForyCodec}, on which your own classes must be registered on both nodes. The
 * {@code args} varargs are the function's arguments: to pass one {@code Object[]} as a single argument, wrap it
 * ({@code new Object[] {array}}).
 *
 * <h2>Failures</h2>
 * Everything fails with the unchecked {@link RpcException} hierarchy; each subclass names what went wrong:
 * <table>
 *   <caption>Failures of a call</caption>
 *   <tr><td>{@link io.noderpc.core.RpcTimeoutException}</td><td>no answer before the deadline (also a connect or
 *       handshake that took too long); the remote execution is not stopped, but is told with a CANCEL</td></tr>
 *   <tr><td>{@link io.noderpc.core.ConnectFailedException}</td><td>no link could be made (refused, unreachable, not
 *       registered in EPMD), or the link broke while the call was out ("connection to N lost")</td></tr>
 *   <tr><td>{@link io.noderpc.core.NodeDownException}</td><td>the node was reported down while the call was out
 *       ({@link RpcClient#nodeDown})</td></tr>
 *   <tr><td>{@link io.noderpc.core.AuthenticationFailedException}</td><td>the cookies differ (either side
 *       refused); nothing was executed</td></tr>
 *   <tr><td>{@link io.noderpc.core.BadNodeException}</td><td>the address reached another node, or a name in EPMD
 *       that is not a noderpc node</td></tr>
 *   <tr><td>{@link io.noderpc.core.IncompatibleException}</td><td>protocol version, or service version,
 *       mismatch</td></tr>
 *   <tr><td>{@link io.noderpc.core.UnauthorizedException}</td><td>the remote node does not allow the
 *       service</td></tr>
 *   <tr><td>{@link io.noderpc.core.NoSuchFunctionException}</td><td>no such service or function there</td></tr>
 *   <tr><td>{@link io.noderpc.core.CodecException}</td><td>a value could not be encoded or decoded (e.g. an
 *       unregistered class, on either side), or a message exceeds {@code maxMessageSize}</td></tr>
 *   <tr><td>{@link io.noderpc.core.RemoteException}</td><td>the function threw: class name, message and stack
 *       as text</td></tr>
 * </table>
 * After a failed connection attempt, further calls to the same link fail at once with the same kind of error until
 * a back-off delay has passed (from 100 ms, doubling up to 5 s by default); then the next call tries again.
 * Casts report no failure but those of their own arguments ({@code IllegalArgumentException},
 * {@link io.noderpc.core.CodecException}), of a closed client, and of a link that already holds as many requests
 * as it may (an {@link RpcException} at once: the caller must slow down; nothing is dropped silently). Like
 * gen_rpc's, they are dropped when the node is unreachable.
 *
 * <p>Thread-safe; no method blocks but {@code call}, {@code multicall}, {@code sbcast}, synchronous stub methods and
 * the blocking reads of {@link RpcFuture}. Do not call those from an I/O thread.
 */
public interface Rpc {

    // ----------------------------------------------------------------------------------------- primitives

    /** The timeout of calls made through this view (the default is {@code RpcOptions.callTimeout}). */
    Duration callTimeout();

    /**
     * A view of this API whose calls, multicalls and sbcasts use {@code timeout} as their deadline instead. The view
     * shares everything else (links, options); it is cheap to make and need not be closed.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive, or longer than 49 days
     */
    Rpc withTimeout(Duration timeout);

    /**
     * Starts a call and returns at once ({@code async_call}). The deadline is {@link #callTimeout()} from now,
     * covering connecting, queueing, sending, remote execution and the reply. Failures arrive through the future,
     * including those of encoding the arguments.
     */
    <T> RpcFuture<T> asyncCall(NodeKey node, String service, String function, Object... args);

    /**
     * Sends a cast: the function runs on the remote node, in no particular order with other casts, and nobody
     * waits for it. Returns once the cast is queued.
     *
     * @throws io.noderpc.core.CodecException if the arguments cannot be encoded
     * @throws RpcException if the link already holds as many requests as it may (in flight and queued): the
     *                      cast is not sent; slow down
     */
    void cast(NodeKey node, String service, String function, Object... args);

    /**
     * Sends an ordered cast: on the remote node it runs after every earlier ordered cast of the same link has
     * finished, one at a time (gen_rpc's {@code ordered_cast}, whose order is per {@link NodeKey}). "Earlier" is the
     * order in which this method returned, e.g. the program order of one thread.
     *
     * @throws io.noderpc.core.CodecException if the arguments cannot be encoded
     * @throws RpcException if the link already holds as many requests as it may; the cast is not sent
     */
    void orderedCast(NodeKey node, String service, String function, Object... args);

    /**
     * Sends {@code message} to the mailbox named {@code mailbox} on the node, without acknowledgement; the node
     * drops it if it has no such mailbox (as Erlang's {@code !} to a missing name).
     */
    void abcast(NodeKey node, String mailbox, Object message);

    /**
     * Sends {@code message} to the mailbox {@code mailbox} on the node, and completes with whether a mailbox of that
     * name received it. The deadline is the sbcast timeout ({@code RpcOptions.sbcastTimeout}), or the view's.
     */
    RpcFuture<Boolean> sbcastAsync(NodeKey node, String mailbox, Object message);

    // ----------------------------------------------------------------------------------------- calls

    /**
     * Calls {@code service:function(args...)} on {@code node} and waits for the result ({@code call}), at most
     * {@link #callTimeout()}. If the waiting thread is interrupted, the call is cancelled and a plain
     * {@link RpcException} is thrown (the interrupt flag stays set).
     *
     * @return the result, possibly {@code null}; cast to the type the caller expects (a wrong type gives
     *         {@link ClassCastException} in the caller)
     * @throws RpcException as listed on this interface
     */
    default <T> T call(NodeKey node, String service, String function, Object... args) {
        RpcFuture<T> future = asyncCall(node, service, function, args);
        try {
            return future.await();
        } catch (RuntimeException e) {
            future.cancel();
            throw e;
        }
    }

    /** {@link #call(NodeKey, String, String, Object...)} on the plain link to {@code node}. */
    default <T> T call(NodeName node, String service, String function, Object... args) {
        return call(NodeKey.of(node), service, function, args);
    }

    /** {@link #call(NodeKey, String, String, Object...)} on the plain link to the node named {@code node}. */
    default <T> T call(String node, String service, String function, Object... args) {
        return call(NodeKey.of(node), service, function, args);
    }

    /** {@link #asyncCall(NodeKey, String, String, Object...)} on the plain link to {@code node}. */
    default <T> RpcFuture<T> asyncCall(NodeName node, String service, String function, Object... args) {
        return asyncCall(NodeKey.of(node), service, function, args);
    }

    /** {@link #asyncCall(NodeKey, String, String, Object...)} on the plain link to the node named {@code node}. */
    default <T> RpcFuture<T> asyncCall(String node, String service, String function, Object... args) {
        return asyncCall(NodeKey.of(node), service, function, args);
    }

    /** {@link #cast(NodeKey, String, String, Object...)} on the plain link to {@code node}. */
    default void cast(NodeName node, String service, String function, Object... args) {
        cast(NodeKey.of(node), service, function, args);
    }

    /** {@link #cast(NodeKey, String, String, Object...)} on the plain link to the node named {@code node}. */
    default void cast(String node, String service, String function, Object... args) {
        cast(NodeKey.of(node), service, function, args);
    }

    // ----------------------------------------------------------------------------------------- many nodes

    /**
     * Calls the function on every node in parallel, under one deadline ({@link #callTimeout()} from now; gen_rpc
     * waits node by node, so its worst case is the number of slow nodes times the timeout). Never throws for a
     * node's failure: a node that fails, times out or is unreachable is a bad node with its reason.
     *
     * @param nodes {@code String}, {@link NodeName} or {@link NodeKey} elements; duplicates are called twice
     * @throws IllegalArgumentException if an element is of another type or not a valid node name
     */
    default <T> MultiResult<T> multicall(Collection<?> nodes, String service, String function, Object... args) {
        return Broadcasts.multicall(this, NodeKeys.of(nodes), service, function, args);
    }

    /** Casts the function to every node ({@code eval_everywhere}). */
    default void evalEverywhere(Collection<?> nodes, String service, String function, Object... args) {
        for (NodeKey node : NodeKeys.of(nodes)) {
            cast(node, service, function, args);
        }
    }

    /** {@link #abcast(NodeKey, String, Object)} to every node. */
    default void abcast(Collection<?> nodes, String mailbox, Object message) {
        for (NodeKey node : NodeKeys.of(nodes)) {
            abcast(node, mailbox, message);
        }
    }

    /**
     * Sends {@code message} to the mailbox on every node in parallel, and waits under one deadline (the sbcast
     * timeout, or the view's) for each node to say whether it delivered it ({@code sbcast}).
     */
    default SbcastResult sbcast(Collection<?> nodes, String mailbox, Object message) {
        return Broadcasts.sbcast(this, NodeKeys.of(nodes), mailbox, message);
    }

    // ----------------------------------------------------------------------------------------- stubs

    /**
     * A typed proxy calling the remote service through {@code type}'s methods. The service is named by
     * {@link RpcService} on the interface (else its simple name), and each method calls the function of the same
     * name with its arguments:
     * <ul>
     *   <li>returning {@link java.util.concurrent.CompletableFuture}, {@link java.util.concurrent.CompletionStage}
     *       or {@link RpcFuture}: an async call;</li>
     *   <li>{@code void} with {@link Cast}: a cast (ordered if {@code @Cast(ordered = true)});</li>
     *   <li>anything else: a call that waits; a result that is not of the method's return type (or {@code null} for
     *       a primitive) fails with {@link io.noderpc.core.CodecException};</li>
     *   <li>{@code equals}, {@code hashCode}, {@code toString} and default methods run locally.</li>
     * </ul>
     * Calls use this view's timeout. The stub is thread-safe and holds no connection of its own.
     *
     * @throws IllegalArgumentException if {@code type} is not an interface or misuses {@link Cast}
     */
    default <T> T stub(NodeKey node, Class<T> type) {
        return Stubs.create(this, node, type);
    }

    /** {@link #stub(NodeKey, Class)} on the plain link to {@code node}. */
    default <T> T stub(NodeName node, Class<T> type) {
        return stub(NodeKey.of(node), type);
    }

    /** {@link #stub(NodeKey, Class)} on the plain link to the node named {@code node}. */
    default <T> T stub(String node, Class<T> type) {
        return stub(NodeKey.of(node), type);
    }
}
