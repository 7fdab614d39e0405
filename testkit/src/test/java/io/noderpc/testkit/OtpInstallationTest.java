package io.noderpc.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtpInstallationTest {

    private static final String MISSING = "noderpc-no-such-program";
    private final String saved = System.getProperty(OtpInstallation.REQUIRE_PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(OtpInstallation.REQUIRE_PROPERTY);
        } else {
            System.setProperty(OtpInstallation.REQUIRE_PROPERTY, saved);
        }
    }

    @Test
    void aMissingProgramFailsWhenErlangIsRequired() {
        System.setProperty(OtpInstallation.REQUIRE_PROPERTY, "true");

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OtpInstallation.require(MISSING));

        assertTrue(e.getMessage().contains("'" + MISSING + "' is not on PATH"), e.getMessage());
    }

    @Test
    void aMissingProgramSkipsOtherwise() {
        System.setProperty(OtpInstallation.REQUIRE_PROPERTY, "false");

        assertThrows(TestAbortedException.class, () -> OtpInstallation.require(MISSING));
    }

    @Test
    void anInstalledProgramIsFoundOnPath() {
        assertTrue(OtpInstallation.find("sh").isPresent(), "sh is on every PATH this build runs with");
    }
}
