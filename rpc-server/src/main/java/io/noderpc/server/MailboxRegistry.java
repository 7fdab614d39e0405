package io.noderpc.server;

import io.noderpc.server.internal.WireNames;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Named mailboxes that ABCAST and SBCAST messages are delivered to (Erlang's registered process names, the
 * targets of gen_rpc's {@code abcast} and {@code sbcast}).
 *
 * <p>Delivery runs on a worker thread. The messages arriving on one link are delivered one at a time, in arrival
 * order (as Erlang orders the messages between two processes); messages from different links may be delivered
 * concurrently, so a mailbox must be thread-safe. A message for a name not registered is dropped without being
 * decoded (an SBCAST is answered {@code delivered=false}), as Erlang's {@code !} to a missing name. A mailbox that
 * throws is logged; the SBCAST that carried the message is answered {@code delivered=false}.
 *
 * <p>Mailboxes are explicit exports like services, but the server's service allow-list and deny-list do not apply
 * to them. Thread-safe.
 */
public final class MailboxRegistry {

    private final ConcurrentMap<String, Consumer<Object>> mailboxes = new ConcurrentHashMap<>();

    /**
     * Registers {@code mailbox} under {@code name}.
     *
     * @throws IllegalArgumentException if the name is empty, longer than 255 UTF-8 bytes or has control characters
     * @throws IllegalStateException if the name is taken
     */
    public void register(String name, Consumer<Object> mailbox) {
        WireNames.check(name, "mailbox name", true);
        Objects.requireNonNull(mailbox, "mailbox");
        if (mailboxes.putIfAbsent(name, mailbox) != null) {
            throw new IllegalStateException("a mailbox named " + name + " is already registered; unregister it first");
        }
    }

    /**
     * Removes the mailbox {@code name}; messages for it are dropped from now on.
     *
     * @return whether it was registered
     */
    public boolean unregister(String name) {
        return mailboxes.remove(name) != null;
    }

    /** The mailbox registered as {@code name}. */
    public Optional<Consumer<Object>> mailbox(String name) {
        return Optional.ofNullable(mailboxes.get(name));
    }

    /** The registered names, sorted; a snapshot. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(mailboxes.keySet()));
    }

    @Override
    public String toString() {
        return "MailboxRegistry" + new TreeSet<>(mailboxes.keySet());
    }
}
