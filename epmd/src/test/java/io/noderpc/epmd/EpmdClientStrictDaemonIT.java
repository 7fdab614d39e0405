package io.noderpc.epmd;

import io.noderpc.testkit.OtpEpmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against OTP's epmd without {@code -relaxed_command_check}: KILL and STOP are refused while nodes live. */
class EpmdClientStrictDaemonIT {

    private static OtpEpmd epmd;
    private static EpmdClient client;
    private static EpmdRegistration live;

    @BeforeAll
    static void startStrictEpmdWithALiveNode() {
        epmd = OtpEpmd.start(false);
        client = EpmdClient.create(EpmdClientIT.options(epmd.port()));
        live = client.register(EpmdEntry.of("resident", 4000));
    }

    @AfterAll
    static void stopEpmd() {
        if (client != null) {
            client.close();
        }
        if (epmd != null) {
            epmd.close();
        }
    }

    @Test
    void killWithLiveNodesIsRefused() {
        EpmdKillReply reply = client.kill();

        assertEquals(EpmdKillReply.Outcome.REFUSED, reply.outcome());
        assertArrayEquals("NO".getBytes(StandardCharsets.US_ASCII), reply.raw());
        assertTrue(epmd.process().isAlive());
        assertTrue(live.isRegistered());
    }

    @Test
    void stopIsClosedWithoutAReply() {
        EpmdProtocolException e = assertThrows(EpmdProtocolException.class, () -> client.stop("resident"));

        assertEquals(0, e.reply().length, "OTP's epmd -stop prints: local epmd responded with <>");
        assertTrue(live.isRegistered());
        assertTrue(client.lookup("resident").isPresent());
    }
}
