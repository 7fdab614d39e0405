package io.noderpc.bench.calls;

/**
 * One way of doing a request/response call, measured by {@link CallsScenario}: server and client
 * in this JVM, on loopback.
 */
interface CallCompetitor extends AutoCloseable {

    /** Short stable name, a JSON key. */
    String name();

    /** How it is run: versions, transport, executors. */
    String description();

    /** Starts the server and the client side. */
    void start() throws Exception;

    /** The caller for one client thread; {@code index} is 0-based and below the largest client count. */
    Caller caller(int index) throws Exception;

    /** Stops everything; never throws. */
    @Override
    void close();

    /** One client thread's way to call: sends {@code payload}, returns the echoed reply. */
    @FunctionalInterface
    interface Caller {
        byte[] call(byte[] payload) throws Exception;
    }
}
