package io.noderpc.epmd.interop;

import io.noderpc.testkit.OtpInstallation;
import io.noderpc.epmd.EpmdServer;
import io.noderpc.testkit.ErlangNode;
import io.noderpc.testkit.ErlangTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Erlang/OTP nodes (erl -sname) registering with, and finding each other through, our daemon. */
class OtpNodesAgainstOurEpmdIT {

    private EpmdServer epmd;

    @BeforeEach
    void startDaemon() {
        OtpInstallation.require("erl");
        epmd = EpmdServer.builder().port(0).address("127.0.0.1").relaxedCommandCheck(true).build().start();
    }

    @AfterEach
    void stopDaemon() {
        epmd.close();
    }

    private List<String> names() {
        return epmd.registeredNodes().stream().map(r -> r.entry().name()).toList();
    }

    @Test
    void erlNodesRegisterAndPingEachOtherThroughOurEpmd() {
        try (ErlangNode a = ErlangNode.start("alpha", epmd.port(), "interop");
             ErlangNode b = ErlangNode.startWithEnvPort("beta", epmd.port(), "interop")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> names().containsAll(List.of("alpha", "beta")));
            EpmdServer.Registered alpha = epmd.registeredNodes().stream()
                    .filter(r -> r.entry().name().equals("alpha")).findFirst().orElseThrow();
            assertEquals(77, alpha.entry().nodeType());
            assertEquals(6, alpha.entry().highestVersion());
            assertTrue(Integer.toUnsignedLong(alpha.creation()) >= 4);

            ErlangTools.Result ping = ErlangTools.run(ErlangTools.erlNode("gamma", epmd.port(), "interop",
                    "io:format(\"~p ~p~n\", [net_adm:ping('" + a.nodeName() + "'), net_adm:ping('"
                            + b.nodeName() + "')]), halt()."), Map.of(), 60);
            assertEquals("pong pong\n", ping.stdout(), ping.stderr());
        }
    }

    @Test
    void namesAsSeenByErlangMatchOurTable() {
        try (ErlangNode a = ErlangNode.start("listed", epmd.port(), "interop")) {
            ErlangTools.Result r = ErlangTools.run(ErlangTools.erlNode("asker", epmd.port(), "interop",
                    "{ok, Names} = net_adm:names(\"127.0.0.1\"), io:format(\"~p~n\", [lists:sort(Names)]), halt()."),
                    Map.of(), 60);
            assertTrue(r.stdout().contains("{\"listed\","), r.stdout() + r.stderr());
        }
    }

    @Test
    void aDuplicateNameIsRefusedAndTheErlangNodeSaysSo() {
        try (ErlangNode a = ErlangNode.start("twin", epmd.port(), "interop")) {
            ErlangTools.Result second = ErlangTools.run(ErlangTools.erlNode("twin", epmd.port(), "interop",
                    "halt()."), Map.of(), 60);
            assertNotEquals(0, second.exitCode());
            assertTrue((second.stdout() + second.stderr()).contains("seems to be in use by another Erlang node"),
                    second.stdout() + second.stderr());
            assertTrue(a.isAlive());
            assertEquals(List.of("twin"), names());
        }
    }

    @Test
    void aStoppedNodesNameDisappearsAndComesBackWithANewCreation() {
        try (ErlangNode a = ErlangNode.start("phoenix", epmd.port(), "interop")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> names().contains("phoenix"));
            int before = epmd.registeredNodes().get(0).creation();
            ErlangTools.Result stop = ErlangTools.run(OtpInstallation.require("epmd").toString(),
                    "-port", Integer.toString(epmd.port()), "-stop", "phoenix");
            assertEquals("STOPPED\n", stop.stdout());
            assertTrue(!names().contains("phoenix") || epmd.registeredNodes().get(0).creation() != before);
            // OTP nodes re-register every 2 s once their epmd connection is gone.
            await().atMost(Duration.ofSeconds(15)).until(() -> names().contains("phoenix"));
            assertEquals(Integer.toUnsignedLong(before) + 1,
                    Integer.toUnsignedLong(epmd.registeredNodes().get(0).creation()));
        }
    }

    @Test
    void aKilledNodesNameDisappears() {
        ErlangNode a = ErlangNode.start("mortal", epmd.port(), "interop");
        await().atMost(Duration.ofSeconds(10)).until(() -> names().contains("mortal"));
        a.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !names().contains("mortal"));
    }
}
