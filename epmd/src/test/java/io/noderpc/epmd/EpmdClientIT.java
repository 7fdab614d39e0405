package io.noderpc.epmd;

import io.noderpc.testkit.OtpEpmd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against OTP's real epmd, one fresh relaxed daemon per test. */
class EpmdClientIT {

    private static final Duration REREGISTER = Duration.ofMillis(200);

    private OtpEpmd epmd;
    private EpmdClient client;

    @BeforeEach
    void startEpmd() {
        epmd = OtpEpmd.start(true);
        client = EpmdClient.create(options(epmd.port()));
    }

    @AfterEach
    void stopEpmd() {
        if (client != null) {
            client.close();
        }
        if (epmd != null) {
            epmd.close();
        }
    }

    static EpmdClientOptions options(int port) {
        return EpmdClientOptions.builder().port(port).requestTimeout(Duration.ofSeconds(5))
                .reregisterInterval(REREGISTER).build();
    }

    @Test
    void registerWithVersion6GetsA32BitCreation() {
        long beforeSeconds = System.currentTimeMillis() / 1000 - 5;

        EpmdRegistration registration = client.register(EpmdEntry.of("alpha", 5370));

        // OTP seeds the counter of a new name with the clock
        assertTrue(Integer.toUnsignedLong(registration.creation()) > beforeSeconds,
                "creation " + registration.creation());
        assertTrue(registration.isRegistered());
        assertEquals(EpmdRegistration.State.REGISTERED, registration.state());
        assertEquals(EpmdEntry.of("alpha", 5370), registration.entry());
    }

    @Test
    void registerWithVersion5GetsCreation1To3() {
        EpmdEntry old = new EpmdEntry("old", 5370, 77, 0, 5, 5, new byte[0]);

        EpmdRegistration registration = client.register(old);

        assertTrue(registration.creation() >= 1 && registration.creation() <= 3, "creation " + registration.creation());
    }

    @Test
    void aDuplicateNameIsRefusedAndTheFirstKeepsIt() {
        EpmdRegistration first = client.register(EpmdEntry.of("dup", 1000));

        EpmdDuplicateNameException e = assertThrows(EpmdDuplicateNameException.class,
                () -> client.register(EpmdEntry.of("dup", 2000)));
        ExecutionException async = assertThrows(ExecutionException.class,
                () -> client.registerAsync(EpmdEntry.of("dup", 3000)).get(5, TimeUnit.SECONDS));

        assertEquals("dup", e.nodeName());
        assertInstanceOf(EpmdDuplicateNameException.class, async.getCause());
        assertTrue(first.isRegistered());
        assertEquals(1000, client.lookup("dup").orElseThrow().port());
    }

    @Test
    void lookupReturnsTheEntryByteExact() {
        byte[] extra = new byte[256];
        for (int i = 0; i < extra.length; i++) {
            extra[i] = (byte) i; // NULs and every other byte value
        }
        EpmdEntry entry = new EpmdEntry("noderpc-ñ", 65000, EpmdEntry.TYPE_HIDDEN, 0, 6, 5, extra);
        client.register(entry);

        Optional<EpmdEntry> found = client.lookup("noderpc-ñ");

        assertEquals(Optional.of(entry), found);
        assertArrayEquals(extra, found.orElseThrow().extra());
    }

    @Test
    void lookupOfAMissingNameIsEmpty() throws Exception {
        assertEquals(Optional.empty(), client.lookup("nobody"));
        assertEquals(Optional.empty(), client.lookupAsync("nobody").get(5, TimeUnit.SECONDS));
    }

    @Test
    void namesListsRegisteredNodesLikeOtpsClient() {
        client.register(EpmdEntry.of("first", 1111));
        client.register(EpmdEntry.of("second", 2222));

        EpmdNames names = client.names();

        assertEquals(epmd.port(), names.epmdPort());
        assertEquals(List.of(new EpmdNames.Node("second", 2222), new EpmdNames.Node("first", 1111)), names.nodes());
        assertEquals("name second at port 2222\nname first at port 1111\n", names.text());
        assertEquals("epmd: up and running on port " + names.epmdPort() + " with data:\n" + names.text(),
                epmd.client("-names"), "what OTP's epmd -names prints");
    }

    @Test
    void closingTheRegistrationRemovesTheName() throws Exception {
        List<RegistrationEvent.Kind> events = new CopyOnWriteArrayList<>();
        EpmdRegistration registration = client.register(EpmdEntry.of("brief", 1234),
                RegistrationOptions.builder().listener(e -> events.add(e.kind())).build());
        assertTrue(client.lookup("brief").isPresent());

        registration.closeAsync().get(5, TimeUnit.SECONDS);
        registration.close(); // idempotent

        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(5))
                .until(() -> client.lookup("brief").isEmpty());
        assertEquals(EpmdRegistration.State.CLOSED, registration.state());
        assertFalse(registration.isRegistered());
        assertEquals(List.of(RegistrationEvent.Kind.REGISTERED, RegistrationEvent.Kind.CLOSED), events);
    }

    @Test
    void dumpShowsActiveAndOldNamesNulSeparated() throws Exception {
        client.register(EpmdEntry.of("gone", 7)).closeAsync().get(5, TimeUnit.SECONDS);
        await().pollInterval(Duration.ofMillis(20)).until(() -> client.lookup("gone").isEmpty());
        client.register(EpmdEntry.of("here", 8));

        EpmdDump dump = client.dump();

        assertEquals(epmd.port(), dump.epmdPort());
        List<String> entries = dump.entries();
        assertEquals(2, entries.size(), entries.toString());
        assertTrue(entries.get(0).startsWith("active name     <here> at port 8, fd = "), entries.get(0));
        assertTrue(entries.get(1).startsWith("old/unused name <gone>, port = 7, fd = "), entries.get(1));
        byte[] raw = dump.raw();
        assertEquals(0, raw[raw.length - 1], "each entry ends with NUL");
    }

    @Test
    void killWithoutNodesStopsTheDaemon() throws Exception {
        EpmdKillReply reply = client.kill();

        assertEquals(EpmdKillReply.Outcome.KILLED, reply.outcome());
        assertArrayEquals("OK".getBytes(StandardCharsets.US_ASCII), reply.raw());
        assertTrue(epmd.process().waitFor(5, TimeUnit.SECONDS), "epmd exits after OK");
        assertEquals(0, epmd.process().exitValue());
    }

    @Test
    void stopClosesTheRegistrationAndAutoReregistrationBringsTheNameBack() {
        List<RegistrationEvent> events = new CopyOnWriteArrayList<>();
        EpmdRegistration registration = client.register(EpmdEntry.of("phoenix", 4242),
                RegistrationOptions.builder().listener(events::add).build());
        int firstCreation = registration.creation();

        EpmdStopReply reply = client.stop("phoenix");

        assertEquals(EpmdStopReply.Outcome.STOPPED, reply.outcome());
        assertEquals("STOPPED", reply.text());
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
        assertEquals(List.of(RegistrationEvent.Kind.REGISTERED, RegistrationEvent.Kind.LOST,
                RegistrationEvent.Kind.REGISTERED), events.stream().map(RegistrationEvent::kind).toList());
        assertTrue(registration.isRegistered());
        assertNotEquals(firstCreation, registration.creation(), "a re-registration gets a new creation");
        assertEquals(Integer.toUnsignedLong(firstCreation) + 1, Integer.toUnsignedLong(registration.creation()));
        assertEquals(registration.creation(), events.get(2).creation());
        assertEquals(4242, client.lookup("phoenix").orElseThrow().port());
    }

    @Test
    void withoutAutoReregistrationAStoppedNameStaysLost() {
        EpmdRegistration registration = client.register(EpmdEntry.of("once", 1),
                RegistrationOptions.builder().autoReregister(false).build());

        assertEquals(EpmdStopReply.Outcome.STOPPED, client.stop("once").outcome());

        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(5))
                .until(() -> registration.state() == EpmdRegistration.State.LOST);
        await().during(REREGISTER.multipliedBy(3)).atMost(Duration.ofSeconds(5))
                .until(() -> client.lookup("once").isEmpty());
        registration.close();
        await().until(() -> registration.state() == EpmdRegistration.State.CLOSED);
    }

    @Test
    void stopOfAnUnknownNameIsNoexist() {
        EpmdStopReply reply = client.stop("ghost");

        assertEquals(EpmdStopReply.Outcome.NOEXIST, reply.outcome());
        assertEquals("NOEXIST", reply.text());
        assertArrayEquals("NOEXISTSTOPPED".getBytes(StandardCharsets.US_ASCII), reply.raw());
    }

    @Test
    void aRegistrationSurvivesADaemonRestart() {
        List<RegistrationEvent.Kind> events = new CopyOnWriteArrayList<>();
        EpmdRegistration registration = client.register(EpmdEntry.of("survivor", 999),
                RegistrationOptions.builder().listener(e -> events.add(e.kind())).build());

        epmd.restart();

        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10))
                .until(() -> client.lookup("survivor").isPresent());
        assertTrue(registration.isRegistered());
        assertEquals(RegistrationEvent.Kind.LOST, events.get(1));
        assertEquals(RegistrationEvent.Kind.REGISTERED, events.get(events.size() - 1));
    }

    @Test
    void closingTheClientUnregistersItsNames() throws Exception {
        EpmdRegistration registration = client.register(EpmdEntry.of("owned", 10));

        client.close();

        assertEquals(EpmdRegistration.State.CLOSED, registration.state());
        assertThrows(IllegalStateException.class, () -> client.names());
        try (EpmdClient other = EpmdClient.create(options(epmd.port()))) {
            await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(5))
                    .until(() -> other.lookup("owned").isEmpty());
        }
    }

    @Test
    void asyncCallsCanRunConcurrently() throws Exception {
        client.register(EpmdEntry.of("busy", 77));

        List<CompletableFuture<Optional<EpmdEntry>>> lookups = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lookups.add(client.lookupAsync(i % 2 == 0 ? "busy" : "idle"));
        }

        for (int i = 0; i < lookups.size(); i++) {
            assertEquals(i % 2 == 0, lookups.get(i).get(10, TimeUnit.SECONDS).isPresent());
        }
    }
}
