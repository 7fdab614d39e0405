package io.noderpc.server;

/**
 * A function a {@link Service} exports: takes the call's decoded arguments, returns its result.
 *
 * <p>Runs on a worker thread (a virtual thread on Java 21+), so it may block; several calls may run at once, so it
 * must be thread-safe. Whatever it throws reaches the caller as a {@code RemoteException} carrying the class name,
 * message and stack trace as text; the exception itself is never serialized. Its result must be encodable by the
 * server's codec (registered with it, or a type the codec supports out of the box), else the caller gets a
 * {@code CodecException}.
 */
@FunctionalInterface
public interface RpcFunction {

    /**
     * Runs the function.
     *
     * @param args the decoded arguments, never {@code null} (empty for none); the array is this call's own
     * @return the result, {@code null} for none
     * @throws Exception any failure, reported to the caller as a {@code RemoteException}
     */
    Object apply(Object[] args) throws Exception;
}
