package io.noderpc.core;

/**
 * The handshake failed because the two nodes do not share the same cookie (raised on both sides, whichever
 * side holds the other cookie), or the peer could not prove it knows ours. Give both nodes the same cookie
 * ({@code --cookie}, {@code NODERPC_COOKIE} or {@code ~/.erlang.cookie}). Nothing was executed.
 */
public class AuthenticationFailedException extends RpcException {

    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.AUTHENTICATION_FAILED;
    }
}
