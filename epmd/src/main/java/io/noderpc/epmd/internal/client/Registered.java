package io.noderpc.epmd.internal.client;

import io.netty.channel.Channel;

/** A successful ALIVE2 exchange: the connection that now holds the name, and the creation. */
public record Registered(Channel channel, int creation) {
}
