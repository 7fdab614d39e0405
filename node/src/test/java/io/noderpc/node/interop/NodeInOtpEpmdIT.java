package io.noderpc.node.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.node.Node;
import io.noderpc.testkit.ErlangTools;
import io.noderpc.testkit.OtpEpmd;
import io.noderpc.testkit.OtpInstallation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A noderpc node registers in OTP's real epmd like any Erlang node. */
class NodeInOtpEpmdIT {

    @Test
    void aNodeIsListedByOtpsEpmdNames() {
        Path program = OtpInstallation.require("epmd");
        try (OtpEpmd epmd = OtpEpmd.start(false)) {
            String port = Integer.toString(epmd.port());
            try (Node node = Node.builder().name("otpseen@127.0.0.1").cookie("interop").epmdPort(epmd.port())
                    .bindInterface("127.0.0.1").build().start()) {
                ErlangTools.Result names = ErlangTools.run(program.toString(), "-port", port, "-names");
                assertEquals(0, names.exitCode(), names.stderr());
                assertTrue(names.stdout().contains("name otpseen at port " + node.distPort()), names.stdout());
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            ErlangTools.Result after = ErlangTools.run(program.toString(), "-port", port, "-names");
            while (after.stdout().contains("otpseen") && System.nanoTime() < deadline) {
                after = ErlangTools.run(program.toString(), "-port", port, "-names");
            }
            assertFalse(after.stdout().contains("otpseen"), after.stdout());
        }
    }
}
