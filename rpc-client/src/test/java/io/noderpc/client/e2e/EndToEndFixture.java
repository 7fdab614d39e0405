package io.noderpc.client.e2e;

import io.noderpc.client.RpcClient;
import io.noderpc.client.RpcClientBuilder;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.server.RpcServer;
import io.noderpc.server.RpcServerBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the end-to-end tests: a real {@link RpcServer} as node b on 127.0.0.1 (ephemeral port) with the test
 * services, and {@link RpcClient}s as node a reaching it through a static data port. Everything started is closed
 * after each test, clients first.
 */
abstract class EndToEndFixture {

    static final NodeName A = NodeName.of("a@127.0.0.1");
    static final NodeName B = NodeName.of("b@127.0.0.1");
    static final NodeKey B_LINK = NodeKey.of(B);
    static final Cookie COOKIE = Cookie.of("e2e-cookie");

    final TestServices.MathService math = new TestServices.MathService(B.toString());
    final TestServices.Recorder recorder = new TestServices.Recorder();
    final List<Object> inbox = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final List<RpcServer> servers = new ArrayList<>();

    /** Options without the {@code noderpc.*} system properties. */
    static RpcOptions.Builder options() {
        return RpcOptions.builder(new Properties());
    }

    /** Node b with the test services, as {@code config} adjusts it. */
    RpcServer server(Consumer<RpcServerBuilder> config) {
        RpcServerBuilder builder = RpcServer.builder().node(B).cookie(COOKIE).bindAddress("127.0.0.1")
                .drainTimeout(Duration.ofSeconds(1));
        config.accept(builder);
        RpcServer server = builder.build();
        server.codec().register(TestServices.Point.class);
        server.services().register("math", math);
        server.services().register("recorder", recorder);
        server.mailboxes().register("inbox", inbox::add);
        server.start();
        servers.add(server);
        return server;
    }

    RpcServer server() {
        return server(b -> { });
    }

    /** Node a reaching node b of {@code server} at its port, as {@code config} adjusts it. */
    RpcClient client(RpcServer server, Consumer<RpcClientBuilder> config) {
        RpcClientBuilder builder = RpcClient.builder().self(A).cookie(COOKIE).ioThreads(2)
                .dataPort(B, "127.0.0.1:" + server.port());
        config.accept(builder);
        RpcClient client = builder.build();
        client.codec().register(TestServices.Point.class);
        clients.add(client);
        return client;
    }

    RpcClient client(RpcServer server) {
        return client(server, b -> { });
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        for (RpcServer server : servers) {
            server.closeNow();
        }
    }
}
