package io.noderpc.bench.calls;

import io.noderpc.client.Rpc;
import io.noderpc.client.RpcClient;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.server.RpcServer;
import io.noderpc.server.Service;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * noderpc's data channel: an {@link RpcServer} exporting {@code bench:echo/1} and an
 * {@link RpcClient} calling it over one link, as an application would, with the default codec
 * (Fory) and workers (virtual threads on Java 21+, a pool on 17). One-way: {@code cast} to
 * {@code bench:sink/1}, which counts what it handles; a cast the full link refuses is retried.
 */
final class NoderpcDataChannel implements CallCompetitor {

    private static final NodeName SERVER = NodeName.of("bench-server@127.0.0.1");
    private static final NodeName CLIENT = NodeName.of("bench-client@127.0.0.1");
    private static final Cookie COOKIE = Cookie.of("noderpc-bench");

    private RpcServer server;
    private RpcClient client;
    private Rpc rpc;
    private final LongAdder delivered = new LongAdder();

    @Override
    public String name() {
        return "noderpc";
    }

    @Override
    public String description() {
        return "noderpc data channel: RpcServer + RpcClient in this JVM, one link shared by all callers, "
                + "Fory codec, " + BenchService.runsOn() + " (Java " + Runtime.version().feature() + ")";
    }

    @Override
    public void start() {
        server = RpcServer.builder().node(SERVER.toString()).cookie(COOKIE).bindAddress("127.0.0.1").port(0).start();
        server.services().register(BenchService.of(delivered));
        client = RpcClient.builder().self(CLIENT).cookie(COOKIE).dataPort(SERVER, server.port()).build();
        rpc = client.withTimeout(Duration.ofSeconds(30));
    }

    @Override
    public Caller caller(int index) {
        return payload -> rpc.call(SERVER, "bench", "echo", (Object) payload);
    }

    @Override
    public AsyncCaller asyncCaller() {
        return (payload, done) -> rpc.<byte[]>asyncCall(SERVER, "bench", "echo", (Object) payload).toCompletableFuture()
                .whenComplete(done);
    }

    @Override
    public OneWay oneWay() {
        return BenchService.casts(rpc, SERVER, delivered);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.closeNow();
        }
    }
}
