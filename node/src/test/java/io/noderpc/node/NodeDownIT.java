package io.noderpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.client.RpcFuture;
import io.noderpc.core.NodeDownException;
import io.noderpc.core.NodeName;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.testkit.FreePorts;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node-down detection against a node in another JVM ({@code bin/noderpc node}): killed with SIGKILL, frozen with
 * SIGSTOP (silent, its sockets open), and restarted.
 */
class NodeDownIT {

    private static final int TICK_SECONDS = 4;
    private static final Duration TICK = Duration.ofSeconds(TICK_SECONDS);
    private static final Duration INTERVAL = TICK.dividedBy(4);
    private static final String COOKIE = "down-it";

    private EpmdServer epmd;
    private Node a;
    private final BlockingQueue<NodeEvent> events = new ArrayBlockingQueue<>(64);

    @BeforeEach
    void start() {
        epmd = EpmdServer.builder().port(FreePorts.next()).address("127.0.0.1").build().start();
        a = Node.builder().name("watcher@127.0.0.1").cookie(COOKIE).epmdPort(epmd.port()).bindInterface("127.0.0.1")
                .tickTime(TICK).build().start();
        a.monitorNodes(events::add);
    }

    @AfterEach
    void stop() {
        a.close();
        epmd.close();
    }

    private NodeProcess remote(String name) throws Exception {
        return NodeProcess.start("--name", name, "--cookie", COOKIE, "--epmd-port", Integer.toString(epmd.port()),
                "--ticktime", Integer.toString(TICK_SECONDS));
    }

    @Test
    void aKilledNodeIsDownAtOnceItsCallsFailAndItComesBackWhenRestarted() throws Exception {
        String name = "victim@127.0.0.1";
        NodeName victim = NodeName.of(name);
        try (NodeProcess first = remote(name)) {
            assertEquals("linked", a.rpc().call(name, "demo", "echo", "linked"));
            RpcFuture<Object> inFlight = a.rpc().withTimeout(Duration.ofSeconds(60))
                    .asyncCall(name, "demo", "sleep", 30_000L);
            // answered on the same link after it: the sleep reached the node and runs there
            assertEquals("behind", a.rpc().call(name, "demo", "echo", "behind"));
            assertEquals(NodeEvent.up(victim, false), events.poll(30, TimeUnit.SECONDS));

            long killedAt = System.nanoTime();
            first.kill();
            NodeEvent down = events.poll(30, TimeUnit.SECONDS);
            Duration detected = NodeProcess.elapsedSince(killedAt);
            assertEquals(NodeEvent.Type.DOWN, down.type(), String.valueOf(down));
            assertEquals(victim, down.node());
            assertTrue(detected.compareTo(TICK.plus(INTERVAL)) <= 0, "down after " + detected);
            NodeDownException failed = assertThrows(NodeDownException.class, inFlight::await);
            Duration callFailed = NodeProcess.elapsedSince(killedAt);
            assertTrue(callFailed.compareTo(TICK.plus(INTERVAL)) <= 0, "the call failed promptly: " + failed);
            System.out.printf("SIGKILL: nodedown (%s) after %d ms, the call in flight failed after %d ms%n",
                    down.reason(), detected.toMillis(), callFailed.toMillis());
        }
        try (NodeProcess second = remote(name)) {
            assertEquals("back", a.rpc().call(name, "demo", "echo", "back"));
            assertEquals(NodeEvent.up(victim, false), events.poll(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFrozenNodeIsDownAfterTheTickTime() throws Exception {
        String name = "frozen@127.0.0.1";
        try (NodeProcess frozen = remote(name)) {
            a.connect(name);
            assertEquals(NodeEvent.Type.UP, events.poll(30, TimeUnit.SECONDS).type());
            RpcFuture<Object> inFlight = a.rpc().withTimeout(Duration.ofSeconds(60))
                    .asyncCall(name, "demo", "sleep", 30_000L);

            long stoppedAt = System.nanoTime();
            frozen.signal("STOP");
            NodeEvent down = events.poll(30, TimeUnit.SECONDS);
            Duration detected = NodeProcess.elapsedSince(stoppedAt);
            assertEquals(NodeEvent.down(NodeName.of(name), false, NodeEvent.NET_TICK_TIMEOUT), down);
            assertTrue(detected.compareTo(TICK.minus(INTERVAL)) >= 0, "not before the tick time: " + detected);
            // the margin covers starting the kill process and a loaded machine's scheduling
            assertTrue(detected.compareTo(TICK.plus(INTERVAL).plusMillis(1500)) <= 0,
                    "within tick time + one interval: " + detected);
            assertThrows(NodeDownException.class, inFlight::await);
            System.out.printf("SIGSTOP: nodedown (%s) after %d ms (tick time %d ms)%n", down.reason(),
                    detected.toMillis(), TICK.toMillis());
            frozen.signal("CONT");
        }
    }
}
