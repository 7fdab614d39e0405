package io.noderpc.node.internal;

import io.noderpc.core.NodeName;
import io.noderpc.epmd.EpmdAddressInUseException;
import io.noderpc.epmd.EpmdClient;
import io.noderpc.epmd.EpmdClientOptions;
import io.noderpc.epmd.EpmdConnectException;
import io.noderpc.epmd.EpmdDuplicateNameException;
import io.noderpc.epmd.EpmdEntry;
import io.noderpc.epmd.EpmdRegistration;
import io.noderpc.epmd.EpmdServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's registration in EPMD: its distribution port, with its data port in the Extra. When no EPMD answers and
 * the user allowed it, starts one in this process (bound to the EPMD address) and registers there; a concurrent
 * start by another node in the same host is tolerated (its daemon is used instead).
 */
public final class EpmdPresence implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EpmdPresence.class);

    private final EpmdClient client;
    private final EpmdRegistration registration;
    private final EpmdServer embedded;

    private EpmdPresence(EpmdClient client, EpmdRegistration registration, EpmdServer embedded) {
        this.client = client;
        this.registration = registration;
        this.embedded = embedded;
    }

    /**
     * Registers {@code name}'s alive part with {@code distPort} and {@code extra}.
     *
     * @throws IllegalStateException if the name is taken, or EPMD does not answer and no embedded one may start;
     *                               nothing started here is left running
     */
    public static EpmdPresence register(NodeName name, String epmdAddress, int epmdPort, boolean embeddedAllowed,
                                        int distPort, byte[] extra) {
        EpmdClient client = EpmdClient.create(EpmdClientOptions.builder().host(epmdAddress).port(epmdPort).build());
        EpmdEntry entry = EpmdEntry.of(name.alive(), distPort).withExtra(extra);
        EpmdServer embedded = null;
        try {
            try {
                return new EpmdPresence(client, client.register(entry), null);
            } catch (EpmdConnectException noEpmd) {
                if (!embeddedAllowed) {
                    throw new IllegalStateException("node " + name + ": no epmd answers at " + epmdAddress + ":"
                            + epmdPort + " (" + noEpmd.getMessage() + "); start epmd (bin/epmd -daemon), or allow an"
                            + " embedded one with embeddedEpmd(true)", noEpmd);
                }
            }
            try {
                embedded = EpmdServer.builder().port(epmdPort).address(epmdAddress).build().start();
                log.info("node {}: no epmd answered at {}:{}, started an embedded one", name, epmdAddress, epmdPort);
            } catch (EpmdAddressInUseException startedMeanwhile) {
                log.info("node {}: epmd at {}:{} appeared meanwhile, using it", name, epmdAddress, epmdPort);
            }
            return new EpmdPresence(client, client.register(entry), embedded);
        } catch (EpmdDuplicateNameException taken) {
            closeAll(client, embedded);
            throw new IllegalStateException("the name " + name.alive() + " is already registered in epmd at "
                    + epmdAddress + ":" + epmdPort + " (another node runs as " + name + ")", taken);
        } catch (RuntimeException e) {
            closeAll(client, embedded);
            throw e;
        }
    }

    private static void closeAll(EpmdClient client, EpmdServer embedded) {
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /** Whether this node started the EPMD it is registered with. */
    public boolean embedded() {
        return embedded != null;
    }

    /** The embedded EPMD's port, or -1 when EPMD is someone else's. */
    public int embeddedPort() {
        return embedded == null ? -1 : embedded.port();
    }

    /** Unregisters (closes the registration's connection), then stops an embedded EPMD. Idempotent. */
    @Override
    public void close() {
        try {
            registration.close();
        } finally {
            closeAll(client, embedded);
        }
    }
}
