package io.noderpc.core;

/**
 * The remote function threw. The remote exception is never deserialized: its class name, message and stack trace
 * arrive as strings. Fix the remote function or handle the failure here; {@link #remoteStackTrace()} shows where it
 * failed.
 */
public class RemoteException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;
    private final String remoteStackTrace;

    /**
     * @param remoteClassName the class name of the exception thrown remotely
     * @param remoteMessage its message, possibly {@code null}
     * @param remoteStackTrace its printed stack trace (with causes), possibly empty, never {@code null}
     */
    public RemoteException(String remoteClassName, String remoteMessage, String remoteStackTrace) {
        super("remote function threw " + remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage)
                + " (see remoteStackTrace() for where)");
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace == null ? "" : remoteStackTrace;
    }

    /** The class name of the exception thrown on the remote node. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The message of the remote exception, or {@code null} if it had none. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The remote stack trace as printed there, causes included; empty if unknown. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.REMOTE;
    }
}
