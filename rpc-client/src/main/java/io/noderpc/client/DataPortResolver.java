package io.noderpc.client;

import io.noderpc.core.NodeName;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the address of a node's data port. {@link RpcClient} asks it once per connection attempt, never for a
 * connected link.
 *
 * <p>The client's resolution order: a static address given with {@link RpcClientBuilder#dataPort} (gen_rpc's
 * {@code client_config_per_node}), else this resolver. The default resolver asks the EPMD on the node's host
 * (PORT_PLEASE2 of the part before {@code @}) and reads the {@link DataPortRecord} of the registration's Extra.
 *
 * <p>Contract for implementations: never block the calling thread (it may be an event loop), complete the future
 * with a <em>resolved</em> address, and fail it with an {@link io.noderpc.core.RpcException}:
 * {@link io.noderpc.core.ConnectFailedException} (unknown node, unknown host, discovery unreachable),
 * {@link io.noderpc.core.BadNodeException} (the name belongs to something that is not a noderpc node) or
 * {@link io.noderpc.core.RpcTimeoutException}. Other exceptions are reported as {@code ConnectFailedException}.
 * Thread-safe.
 */
@FunctionalInterface
public interface DataPortResolver {

    /** The address of {@code node}'s data port. */
    CompletableFuture<InetSocketAddress> resolve(NodeName node);
}
