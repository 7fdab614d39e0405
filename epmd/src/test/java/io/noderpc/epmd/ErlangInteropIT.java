package io.noderpc.epmd;

import io.noderpc.testkit.OtpEpmd;
import io.noderpc.testkit.OtpInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Erlang nodes and our client sharing OTP's epmd (every erl runs with {@code -start_epmd false}). */
class ErlangInteropIT {

    private final List<Process> erlangs = new ArrayList<>();
    private Path erl;
    private OtpEpmd epmd;
    private EpmdClient client;

    @BeforeEach
    void start() {
        erl = OtpInstallation.erl();
        epmd = OtpEpmd.start(true);
        client = EpmdClient.create(EpmdClientIT.options(epmd.port()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : erlangs) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (client != null) {
            client.close();
        }
        if (epmd != null) {
            epmd.close();
        }
    }

    @Test
    void lookupFindsARealErlangNodeAsItRegistered() throws Exception {
        Process node = erl("-name", "erlprobe@127.0.0.1", "-setcookie", "noderpc-test");

        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(15))
                .until(() -> client.lookup("erlprobe").isPresent());
        EpmdEntry entry = client.lookup("erlprobe").orElseThrow();

        assertEquals(77, entry.nodeType());
        assertEquals(0, entry.protocol());
        assertEquals(6, entry.highestVersion());
        assertEquals(5, entry.lowestVersion());
        assertEquals(0, entry.extra().length);
        assertNotEquals(0, entry.port());
        assertEquals(entry.port(), client.names().portOf("erlprobe").orElseThrow());

        node.destroyForcibly(); // the kernel closes its registration socket at once
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(10))
                .until(() -> client.lookup("erlprobe").isEmpty());
    }

    @Test
    void erlangFindsOurRegistration() throws Exception {
        client.register(EpmdEntry.of("javanode", 5370).withExtra("noderpc/1 data=5371".getBytes(StandardCharsets.UTF_8)));

        String out = runToEnd(erl("-eval",
                "io:format(\"~p~n\", [erl_epmd:port_please(\"javanode\", \"127.0.0.1\")]), halt()."));

        assertEquals("{port,5370,6}", out.strip());
    }

    @Test
    void anErlangNodeCannotTakeOurName() throws Exception {
        client.register(EpmdEntry.of("mine", 5370));

        Process node = erl("-name", "mine@127.0.0.1", "-setcookie", "noderpc-test");
        String out = runToEnd(node);

        assertNotEquals(0, node.exitValue());
        assertTrue(out.contains("seems to be in use by another Erlang node"), out);
    }

    private Process erl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(erl.toString(), "-noshell", "-start_epmd", "false",
                "-epmd_port", Integer.toString(epmd.port())));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("ERL_EPMD_PORT");
        Process process = builder.start();
        erlangs.add(process);
        return process;
    }

    private static String runToEnd(Process process) throws Exception {
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "erl did not exit");
        return new String(out, StandardCharsets.UTF_8);
    }
}
