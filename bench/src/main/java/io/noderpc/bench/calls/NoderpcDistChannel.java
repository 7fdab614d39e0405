package io.noderpc.bench.calls;

import io.noderpc.client.Rpc;
import io.noderpc.core.Cookie;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.node.Node;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * noderpc's distribution-channel RPC, the baseline of DESIGN §6: two {@link Node}s in this JVM,
 * registered in an {@link EpmdServer} of their own on a free loopback port, the client node calling
 * {@code bench:echo/1} through {@link Node#distRpc()}, so that calls share the connection that
 * carries the ticks. One-way: {@code distRpc().cast} to {@code bench:sink/1}.
 */
final class NoderpcDistChannel implements CallCompetitor {

    private static final Cookie COOKIE = Cookie.of("noderpc-bench");
    private static final String HOST = "127.0.0.1";

    private final LongAdder delivered = new LongAdder();
    private EpmdServer epmd;
    private Node server;
    private Node client;
    private Rpc rpc;

    @Override
    public String name() {
        return "dist";
    }

    @Override
    public String description() {
        return "noderpc distribution-channel RPC: two Nodes in this JVM (own EPMD on a free port), Node.distRpc()"
                + " over the one connection that also carries the ticks, Fory codec, " + BenchService.runsOn()
                + " (Java " + Runtime.version().feature() + ")";
    }

    @Override
    public void start() {
        epmd = EpmdServer.builder().port(0).address(HOST).build().start();
        server = node("bench_dist_server");
        server.services().register(BenchService.of(delivered));
        client = node("bench_dist_client");
        client.connect(server.name());
        rpc = client.distRpc().withTimeout(Duration.ofSeconds(30));
    }

    private Node node(String alive) {
        return Node.builder().name(alive + "@" + HOST).cookie(COOKIE).epmdPort(epmd.port()).bindInterface(HOST)
                .build().start();
    }

    @Override
    public Caller caller(int index) {
        return payload -> rpc.call(server.name(), BenchService.NAME, "echo", (Object) payload);
    }

    @Override
    public AsyncCaller asyncCaller() {
        return (payload, done) -> rpc.<byte[]>asyncCall(server.name(), BenchService.NAME, "echo", (Object) payload).toCompletableFuture()
                .whenComplete(done);
    }

    @Override
    public OneWay oneWay() {
        return BenchService.casts(rpc, server.name(), delivered);
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {client, server, epmd}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway; what failed does not change the figures
                }
            }
        }
    }
}
