package io.noderpc.epmd;

import io.noderpc.testkit.OtpEpmd;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example of {@code docs/epmd-client.md}, compiled and run against OTP's epmd. */
class EpmdClientExampleIT {

    @Test
    void theDocumentedExampleRuns() {
        try (OtpEpmd otp = OtpEpmd.start(true)) {
            List<String> out = example(otp.port());

            assertEquals(List.of("billing: port 5370, extra noderpc/1 data=5371",
                    "billing at port 5370", "events [REGISTERED, CLOSED]"), out);
        }
    }

    static List<String> example(int epmdPort) {
        List<String> out = new ArrayList<>();
        List<RegistrationEvent.Kind> events = new ArrayList<>();
        // tag::example[]
        EpmdClientOptions options = EpmdClientOptions.builder()
                .port(epmdPort)                    // default: $ERL_EPMD_PORT, else 4369
                .build();                          // default host: ::1, then 127.0.0.1
        try (EpmdClient epmd = EpmdClient.create(options)) {
            // Register: the name stays registered until the registration is closed.
            byte[] extra = "noderpc/1 data=5371".getBytes(StandardCharsets.UTF_8);
            EpmdRegistration registration = epmd.register(
                    EpmdEntry.of("billing", 5370).withExtra(extra),
                    RegistrationOptions.builder()
                            .listener(event -> events.add(event.kind()))   // runs on the event loop
                            .build());

            // Look up any node, Erlang or Java: the entry comes back as registered.
            Optional<EpmdEntry> billing = epmd.lookup("billing");
            billing.ifPresent(e -> out.add(e.name() + ": port " + e.port() + ", extra " + e.extraAsString()));

            // Every call also exists as ...Async, returning a CompletableFuture with a deadline.
            epmd.namesAsync()
                    .thenAccept(names -> names.nodes().forEach(n -> out.add(n.name() + " at port " + n.port())))
                    .join();

            registration.closeAsync().join();      // unregisters: EPMD drops the name with the connection
        } catch (EpmdDuplicateNameException e) {
            out.add("another node is called " + e.nodeName());
        } catch (EpmdConnectException e) {
            out.add("no epmd: " + e.getMessage());
        }
        // end::example[]
        out.add("events " + events);
        return out;
    }
}
