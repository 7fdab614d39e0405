package io.noderpc.core;

/**
 * Root of every error noderpc raises to its users. Unchecked; the subclasses say what failed and their messages
 * say what to do about it. {@link #kind()} names the subclass in a form that travels on the wire.
 *
 * <table>
 *   <caption>Subclasses</caption>
 *   <tr><th>class</th><th>meaning</th></tr>
 *   <tr><td>{@link RpcTimeoutException}</td><td>no answer within the deadline (call, connect, handshake)</td></tr>
 *   <tr><td>{@link NodeDownException}</td><td>the link to the node broke while the request was outstanding</td></tr>
 *   <tr><td>{@link ConnectFailedException}</td><td>no connection could be made (refused, unreachable)</td></tr>
 *   <tr><td>{@link AuthenticationFailedException}</td><td>the cookies of the two nodes differ</td></tr>
 *   <tr><td>{@link BadNodeException}</td><td>the address reached another node, or not a noderpc node</td></tr>
 *   <tr><td>{@link UnauthorizedException}</td><td>the remote node does not export the service or function</td></tr>
 *   <tr><td>{@link NoSuchFunctionException}</td><td>no such service or function on the remote node</td></tr>
 *   <tr><td>{@link IncompatibleException}</td><td>protocol or service version mismatch</td></tr>
 *   <tr><td>{@link CodecException}</td><td>a value could not be encoded or decoded</td></tr>
 *   <tr><td>{@link RemoteException}</td><td>the remote function threw; class, message and stack as strings</td></tr>
 * </table>
 */
public class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RpcException(String message) {
        super(message);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind of this failure, as carried in ERROR frames. */
    public ErrorKind kind() {
        return ErrorKind.RPC;
    }
}
