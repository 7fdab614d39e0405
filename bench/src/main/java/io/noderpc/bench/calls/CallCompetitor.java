package io.noderpc.bench.calls;

import java.util.function.BiConsumer;

/**
 * One way of doing a request/response call that the benchmark drives from Java, one call at a time
 * per client thread ({@link ClosedLoopCompetitor} times it): server and client in this JVM, on
 * loopback.
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

    /** The one-way sends of this competitor, or {@code null} if it has none; asked after {@link #start()}. */
    default OneWay oneWay() throws Exception {
        return null;
    }

    /**
     * The calls of this competitor that do not block the caller, or {@code null} if it has none;
     * asked after {@link #start()}. One thread submits them, keeping many in flight.
     */
    default AsyncCaller asyncCaller() throws Exception {
        return null;
    }

    /** Stops everything; never throws. */
    @Override
    void close();

    /** One client thread's way to call: sends {@code payload}, returns the echoed reply. */
    @FunctionalInterface
    interface Caller {
        byte[] call(byte[] payload) throws Exception;
    }

    /** A way to call without waiting: the reply comes to a callback. */
    @FunctionalInterface
    interface AsyncCaller {
        /**
         * Sends {@code payload} and returns at once; {@code done} gets the echoed reply or the failure,
         * exactly once, on whatever thread the transport completes the call.
         */
        void call(byte[] payload, BiConsumer<byte[], Throwable> done) throws Exception;
    }

    /** One-way messages: senders on the client side, a count of messages handled on the server side. */
    interface OneWay {

        /** The sender for one client thread; {@code index} is 0-based. */
        Sender sender(int index) throws Exception;

        /** How many messages the receiving side has handled so far, over the whole run. */
        long delivered();
    }

    /** One client thread's way to send a one-way message. */
    @FunctionalInterface
    interface Sender {
        /**
         * Sends {@code payload}, or refuses it because the transport is full (its back-pressure);
         * the caller then waits a little and tries again.
         *
         * @return whether the message was taken
         */
        boolean send(byte[] payload) throws Exception;
    }
}
