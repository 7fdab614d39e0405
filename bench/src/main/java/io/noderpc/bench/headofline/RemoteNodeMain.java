package io.noderpc.bench.headofline;

import io.noderpc.node.Node;

import java.io.IOException;
import java.time.Duration;

/**
 * Node B of the shaped scenario, in a process of its own inside the benchmark's network namespace:
 * {@code RemoteNodeMain NAME COOKIE ADDRESS EPMD_PORT TICK_MS}. Starts an EPMD on ADDRESS:EPMD_PORT and
 * the node NAME bound to ADDRESS with the {@link BulkPhase#service() hol} service, prints
 * {@value #READY} and the node's name on one line, and runs until its standard input closes.
 */
public final class RemoteNodeMain {

    static final String READY = "noderpc-bench-node-ready";

    private RemoteNodeMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: RemoteNodeMain NAME COOKIE ADDRESS EPMD_PORT TICK_MS");
            System.exit(2);
        }
        try (Node node = Node.builder().name(args[0]).cookie(args[1]).epmdAddress(args[2])
                .epmdPort(Integer.parseInt(args[3])).embeddedEpmd(true).bindInterface(args[2])
                .tickTime(Duration.ofMillis(Long.parseLong(args[4]))).build().start()) {
            node.services().register(BulkPhase.service());
            System.out.println(READY + " " + node.name());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the benchmark closes our standard input
            }
        }
        System.exit(0);
    }
}
