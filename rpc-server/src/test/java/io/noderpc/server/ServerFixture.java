package io.noderpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeKey;
import io.noderpc.core.NodeName;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Base of the loopback tests: a client event loop, servers and clients closed after each test. */
abstract class ServerFixture {

    static final NodeName SERVER = NodeName.of("b@127.0.0.1");
    static final NodeName CLIENT = NodeName.of("a@127.0.0.1");
    static final Cookie COOKIE = Cookie.of("it-cookie");

    static EventLoopGroup clientGroup;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startClientLoop() {
        clientGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopClientLoop() {
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A server builder for node b on 127.0.0.1, an ephemeral port. */
    static RpcServerBuilder server() {
        return RpcServer.builder().node(SERVER).cookie(COOKIE).bindAddress("127.0.0.1");
    }

    /** Starts and remembers to close {@code server}. */
    RpcServer start(RpcServerBuilder builder) {
        RpcServer server = builder.start();
        toClose.add(server::closeNow);
        return server;
    }

    /** An authenticated plain link to {@code server}. */
    RawLinkClient client(RpcServer server) throws Exception {
        return connect(server, COOKIE, NodeKey.of(SERVER)).authenticated();
    }

    /** A link to {@code server}, handshake under way. */
    RawLinkClient connect(RpcServer server, Cookie cookie, NodeKey target) {
        return connect(server, cookie, target, ctx -> { });
    }

    /** A link to {@code server} that writes what {@code afterHello} writes right behind HELLO. */
    RawLinkClient connect(RpcServer server, Cookie cookie, NodeKey target,
                          Consumer<ChannelHandlerContext> afterHello) {
        RawLinkClient client = RawLinkClient.connect(clientGroup, server.port(), CLIENT, cookie, target, afterHello);
        toClose.add(client);
        return client;
    }
}
