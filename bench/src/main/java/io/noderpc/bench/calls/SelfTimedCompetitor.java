package io.noderpc.bench.calls;

import java.time.Duration;

/**
 * A competitor of the calls scenario that runs a whole load itself and reports what it measured:
 * the form every competitor takes in {@link CallsScenario}. Java competitors get it from
 * {@link ClosedLoopCompetitor}; a peer in another runtime (Erlang's {@code erpc}) generates and
 * times its load where it runs, since a call per Java thread could not drive it.
 */
interface SelfTimedCompetitor extends AutoCloseable {

    /** Short stable name, a JSON key. */
    String name();

    /** How it is run: versions, transport, executors. */
    String description();

    /** Starts the server and the client side. */
    void start() throws Exception;

    /**
     * {@code callers} concurrent callers, each sending {@code payload} bytes and waiting for the echo,
     * one call after another, for {@code duration}.
     *
     * @return calls completed and failed, the time from the first start to the last stop, and the
     *         latency quantiles
     * @throws Exception if no call completed, or the load could not run
     */
    LoadFigures calls(int payload, int callers, Duration duration) throws Exception;

    /** Whether {@link #pipelined} is supported: the competitor can call without waiting. */
    boolean hasPipelined();

    /**
     * One submitter keeping {@code outstanding} calls of {@code payload} bytes in flight for
     * {@code duration}: a new call goes out as soon as one returns. Then waits for the calls still
     * in flight.
     *
     * @return calls completed and failed, the time from the first send until the last reply, and
     *         the latency quantiles (send to reply, queueing behind the other calls included)
     * @throws Exception if no call completed, or the load could not run
     */
    LoadFigures pipelined(int payload, int outstanding, Duration duration) throws Exception;

    /** Whether {@link #casts} is supported: the competitor has a one-way send. */
    boolean hasCasts();

    /**
     * {@code senders} concurrent senders of one-way {@code payload}-byte messages, for
     * {@code duration}; then waits (bounded) until the receiver has handled them all.
     *
     * @return messages handled by the receiver, messages sent but not handled, and the time from
     *         the first send until the last was handled (latencies do not apply: {@code NaN})
     */
    LoadFigures casts(int payload, int senders, Duration duration) throws Exception;

    /** Stops everything; never throws. */
    @Override
    void close();
}
