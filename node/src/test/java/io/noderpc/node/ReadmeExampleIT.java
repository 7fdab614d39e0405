package io.noderpc.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.noderpc.server.Service;
import io.noderpc.testkit.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's node example, as written there (with a free EPMD port instead of 4369). */
class ReadmeExampleIT {

    /** The README's service. */
    public static final class MathService {
        public long add(long a, long b) {
            return a + b;
        }
    }

    @Test
    void theReadmeExampleRuns() {
        int epmdPort = FreePorts.next();
        List<Object> events = new CopyOnWriteArrayList<>();
        List<Object> received = new CopyOnWriteArrayList<>();
        try (Node a = Node.builder().name("a@127.0.0.1").cookie("secret").embeddedEpmd(true).epmdPort(epmdPort)
                .bindInterface("127.0.0.1").build().start();
             Node b = Node.builder().name("b@127.0.0.1").cookie("secret").embeddedEpmd(true).epmdPort(epmdPort)
                     .bindInterface("127.0.0.1").build().start()) {
            b.services().register(Service.of("math", new MathService()));
            b.mailboxes().register("events", received::add);
            a.monitorNodes(events::add);
            long sum = a.rpc().call("b@127.0.0.1", "math", "add", 1L, 2L);
            assertEquals(3L, sum);
            assertEquals(3L, (long) a.distRpc().call("b@127.0.0.1", "math", "add", 1L, 2L));
            a.send("b@127.0.0.1", "events", "deployed");
            assertEquals(Set.of(b.name()), a.nodes());
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("deployed") && events.size() == 1);
            b.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
            assertEquals("nodedown b@127.0.0.1: connection_closed", events.get(1).toString());
        }
    }
}
