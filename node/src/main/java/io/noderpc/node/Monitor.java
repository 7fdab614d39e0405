package io.noderpc.node;

/** A registration of a node monitor ({@link Node#monitorNodes}, {@link Node#monitorNode}); close it to stop. */
@FunctionalInterface
public interface Monitor extends AutoCloseable {

    /** Stops delivering events to this monitor. Idempotent. */
    @Override
    void close();
}
