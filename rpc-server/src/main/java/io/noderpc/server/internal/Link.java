package io.noderpc.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.noderpc.core.frame.WriteBatcher;
import io.netty.util.concurrent.Ticker;
import io.noderpc.core.NodeKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One authenticated link as its acceptor and its tasks share it: a data link, or a shared link someone else owns. */
public final class Link {

    private final ServerContext server;
    private final Channel channel;
    private final WriteBatcher writer;
    private final NodeKey peer;
    private final boolean shared;
    private final LinkGate gate;
    private final SerialExecutor orderedLane;
    private final SerialExecutor mailboxLane;
    private final ConcurrentMap<Long, CallTask> calls = new ConcurrentHashMap<>();

    public Link(ServerContext server, Channel channel, NodeKey peer) {
        this(server, channel, peer, false);
    }

    /** @param shared whether the channel is someone else's (it outlives the server, and carries other traffic) */
    public Link(ServerContext server, Channel channel, NodeKey peer, boolean shared) {
        this.server = server;
        this.channel = channel;
        this.writer = new WriteBatcher(channel);
        this.peer = peer;
        this.shared = shared;
        this.gate = new LinkGate(channel, server.options().maxInFlightPerConnection(), server.limiter(), shared);
        this.orderedLane = new SerialExecutor(server.workers());
        this.mailboxLane = new SerialExecutor(server.workers());
    }

    public ServerContext server() {
        return server;
    }

    /** Writes an answer from any thread; answers written together share one flush. */
    public ChannelFuture send(Object frame) {
        return writer.writeAndFlush(frame);
    }

    public Channel channel() {
        return channel;
    }

    /** The client's node and the link key. */
    public NodeKey peer() {
        return peer;
    }

    /** Whether the channel is someone else's: the server never closes it, and it may outlive the server. */
    public boolean shared() {
        return shared;
    }

    public LinkGate gate() {
        return gate;
    }

    /** Runs the link's ordered casts one at a time, in arrival order. */
    public SerialExecutor orderedLane() {
        return orderedLane;
    }

    /** Delivers the link's mailbox messages one at a time, in arrival order. */
    public SerialExecutor mailboxLane() {
        return mailboxLane;
    }

    /** Calls admitted and not finished, by id, for CANCEL. */
    ConcurrentMap<Long, CallTask> calls() {
        return calls;
    }

    public Ticker ticker() {
        return channel.eventLoop().ticker();
    }

    @Override
    public String toString() {
        return (shared ? "shared link with " : "link from ") + peer + " (" + channel.remoteAddress() + ")";
    }
}
