package io.noderpc.node.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.epmd.EpmdServer;
import io.noderpc.testkit.ErlangNode;
import io.noderpc.testkit.ErlangTools;
import io.noderpc.testkit.FreePorts;
import io.noderpc.testkit.OtpInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code noderpc ping} tells a plain Erlang node, registered in our EPMD, from a noderpc node. */
class PingErlangNodeIT {

    @Test
    void anErlangNodeInOurEpmdIsNotANoderpcNode() throws Exception {
        OtpInstallation.require("erl");
        try (EpmdServer epmd = EpmdServer.builder().port(FreePorts.next()).address("127.0.0.1").build().start();
             ErlangNode erlang = ErlangNode.start("plainerl", epmd.port(), "ping-cookie")) {
            ErlangTools.Result ping = ErlangTools.run(List.of(noderpc(), "ping", "--cookie", "ping-cookie",
                    "--epmd-port", Integer.toString(epmd.port()), "plainerl@127.0.0.1"), Map.of(), 60);
            assertEquals(1, ping.exitCode(), ping.stdout() + ping.stderr());
            assertEquals("pang", ping.stdout().strip());
            assertTrue(ping.stderr().contains("not a noderpc node"), ping.stderr());
            assertTrue(ping.stderr().lines().count() == 1, "one line: " + ping.stderr());
        }
    }

    static String noderpc() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/noderpc"))) {
                return p.resolve("bin/noderpc").toString();
            }
        }
        throw new IllegalStateException("bin/noderpc not found");
    }
}
