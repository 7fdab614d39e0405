package io.noderpc.core.handshake;

import io.noderpc.core.RpcException;

/**
 * User event fired by a handshake handler when the handshake fails, just before the connection is closed.
 *
 * @param cause why: {@code AuthenticationFailedException}, {@code BadNodeException}, {@code IncompatibleException},
 *              {@code RpcTimeoutException} (auth timeout) or {@code ConnectFailedException} (connection lost)
 */
public record HandshakeFailedEvent(RpcException cause) {
}
