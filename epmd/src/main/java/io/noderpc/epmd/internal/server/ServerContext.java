package io.noderpc.epmd.internal.server;

import io.netty.channel.group.ChannelGroup;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What every connection of one EPMD server shares: the node table, the settings and the hooks.
 *
 * @param registry        the node table (guarded by its own monitor)
 * @param port            the port answered in NAMES and DUMP headers (known once bound)
 * @param relaxed         relaxed command check (KILL with live nodes, STOP allowed)
 * @param packetTimeout   idle time after which a connection without a registration is closed
 * @param maxConnections  connections served at once; further ones are closed at accept
 * @param debug           OTP-style debug output
 * @param onKill          run once a KILL_REQ was answered "OK"
 * @param connections     the open connections (closed with the server)
 */
public record ServerContext(NodeRegistry registry, IntSupplier portSupplier, boolean relaxed, Duration packetTimeout,
                            int maxConnections, DebugLog debug, Runnable onKill, ChannelGroup connections) {

    public int port() {
        return portSupplier.getAsInt();
    }
}
