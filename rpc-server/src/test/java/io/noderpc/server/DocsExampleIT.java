package io.noderpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.noderpc.core.Cookie;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.RpcOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The example of docs/rpc-server.md, compiled and run so that it cannot rot. */
class DocsExampleIT extends ServerFixture {

    /** Shared with clients: their typed stubs call exactly these functions. */
    public interface Calculator {
        int add(int a, int b);

        long square(long x);
    }

    static final class CalculatorImpl implements Calculator {
        @Override
        public int add(int a, int b) {
            return a + b;
        }

        @Override
        public long square(long x) {
            return x * x;
        }
    }

    public record Point(int x, int y) {
    }

    @Test
    void theDocumentedServerServes() throws Exception {
        List<Object> events = new CopyOnWriteArrayList<>();

        // --- docs/rpc-server.md: begin
        RpcServer server = RpcServer.builder()
                .node("b@127.0.0.1")
                .cookie(Cookie.of("secret"))
                .bindAddress("127.0.0.1")              // default: all interfaces
                .port(0)                               // default: ephemeral; see server.port()
                .options(RpcOptions.builder()
                        .maxInFlightPerConnection(256)
                        .serverInactivityTimeout(Duration.ofMinutes(10))
                        .build())
                .denyServices("admin")                 // or allowServices(...), not both
                .start();
        server.codec().register(Point.class);          // every class crossing the wire, on both nodes
        server.services().register("calc", Calculator.class, new CalculatorImpl());
        server.services().register(Service.builder("geo").version("2")
                .function("shift", 2, args -> {
                    Point p = (Point) args[0];
                    int d = (Integer) args[1];
                    return new Point(p.x() + d, p.y() + d);
                })
                .build());
        server.mailboxes().register("events", events::add);
        // ... serve until shutdown, then:
        // server.close();                             // graceful: in-flight calls finish first
        // --- docs/rpc-server.md: end

        try {
            RawLinkClient client = connect(server, Cookie.of("secret"),
                    io.noderpc.core.NodeKey.of(server.node())).authenticated();
            client.codec.register(Point.class);
            client.call(1, "calc", "add", 2, 3);
            assertEquals(5, client.reply(1));
            client.call(2, "calc", "square", 7L);
            assertEquals(49L, client.reply(2));
            client.call(3, "geo@2", "shift", new Point(1, 2), 10);
            assertEquals(new Point(11, 12), client.reply(3));
            client.call(4, "admin", "anything");
            assertEquals(ErrorKind.UNAUTHORIZED, client.error(4).kind());
        } finally {
            server.close();
        }
    }
}
