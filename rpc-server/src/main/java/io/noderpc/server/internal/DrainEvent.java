package io.noderpc.server.internal;

/**
 * User event the server fires on every link when it starts a graceful close: the acceptor stops reading, refuses
 * calls not yet started, and lets the requests in flight finish.
 */
public enum DrainEvent {
    INSTANCE
}
