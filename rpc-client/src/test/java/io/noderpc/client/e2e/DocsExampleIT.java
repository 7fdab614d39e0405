package io.noderpc.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.MultiResult;
import io.noderpc.client.RpcClient;
import io.noderpc.client.RpcFuture;
import io.noderpc.client.RpcService;
import io.noderpc.core.Cookie;
import io.noderpc.core.NodeKey;
import io.noderpc.core.RpcException;
import io.noderpc.server.RpcServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the example of docs/rpc-client.md, and fails if the copy there drifts from this one. */
class DocsExampleIT {

    record Point(int x, int y) {
    }

    @RpcService("calc")
    interface Calculator {
        int add(int a, int b);
    }

    /** The server side of the example. */
    public static final class Calc {
        final List<String> log = new ArrayList<>();

        public int add(int a, int b) {
            return a + b;
        }

        public int mul(int a, int b) {
            return a * b;
        }

        public Point move(Point p, int d) {
            return new Point(p.x() + d, p.y() + d);
        }

        public synchronized void log(String line) {
            log.add(line);
        }
    }

    @Test
    void theDocumentedExampleRuns() throws Exception {
        List<String> out = new ArrayList<>();
        try (RpcServer server = RpcServer.builder().node("b@127.0.0.1").cookie(Cookie.of("secret"))
                .bindAddress("127.0.0.1").build()) {
            server.codec().register(Point.class);
            server.services().register("calc", new Calc());
            server.start();
            int port = server.port();
            // docs:begin
            try (RpcClient rpc = RpcClient.builder()
                    .self("a@127.0.0.1")
                    .cookie(Cookie.of("secret"))
                    .dataPort("b@127.0.0.1", "127.0.0.1:" + port)   // else: EPMD on the node's host
                    .build()) {
                rpc.codec().register(Point.class);                   // every class crossing the wire, on both nodes

                int sum = rpc.call("b@127.0.0.1", "calc", "add", 1, 2);                  // call, default timeout
                RpcFuture<Integer> later = rpc.asyncCall("b@127.0.0.1", "calc", "mul", 6, 7);
                Point moved = rpc.withTimeout(Duration.ofSeconds(1))                     // per-call timeout
                        .call(NodeKey.of("b@127.0.0.1", "geo"), "calc", "move", new Point(1, 2), 3);  // keyed link
                rpc.cast("b@127.0.0.1", "calc", "log", "hello");                         // fire and forget
                rpc.orderedCast(NodeKey.of("b@127.0.0.1", "audit"), "calc", "log", "in order");
                MultiResult<Integer> all = rpc.multicall(List.of("b@127.0.0.1", "c@127.0.0.1"), "calc", "add", 2, 2);
                Calculator calc = rpc.stub("b@127.0.0.1", Calculator.class);             // typed proxy
                out.add(sum + " " + later.await() + " " + moved + " " + all.results() + " " + calc.add(20, 22));
                out.add("bad nodes: " + all.badNodes().keySet());
            } catch (RpcException e) {
                out.add("failed: " + e);
            }
            // docs:end
        }
        assertEquals(List.of("3 42 Point[x=4, y=5] [4] 42", "bad nodes: [c@127.0.0.1]"), out);
        assertDocumented();
    }

    private static void assertDocumented() throws Exception {
        List<String> source = Files.readAllLines(Path.of("src/test/java/io/noderpc/client/e2e/DocsExampleIT.java"));
        int begin = source.indexOf("            // docs:begin");
        int end = source.indexOf("            // docs:end");
        String example = source.subList(begin + 1, end).stream().map(line -> line.length() >= 12
                ? line.substring(12) : line.strip()).collect(Collectors.joining("\n"));
        String doc = Files.readString(Path.of("../docs/rpc-client.md"));
        assertTrue(doc.contains("```java\n" + example + "\n```"),
                "docs/rpc-client.md must show the example of DocsExampleIT verbatim:\n" + example);
    }
}
