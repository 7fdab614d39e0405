package io.noderpc.client.e2e;

import io.noderpc.core.Cookie;
import io.noderpc.server.RpcServer;

/**
 * Node b in a process of its own, for the test that kills a server mid-call: prints {@code PORT <n>} once it
 * listens, then serves until killed. Arguments: the cookie.
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        RpcServer server = RpcServer.builder().node(EndToEndFixture.B).cookie(Cookie.of(args[0]))
                .bindAddress("127.0.0.1").build();
        server.services().register("math", new TestServices.MathService(EndToEndFixture.B.toString()));
        server.start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
