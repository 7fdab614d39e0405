package io.noderpc.server.internal;

import io.noderpc.core.Cookie;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcOptions;
import io.noderpc.core.codec.Codec;
import io.noderpc.server.MailboxRegistry;
import io.noderpc.server.ServiceRegistry;
import java.util.Objects;
import java.util.concurrent.Executor;

/** What every link of one server shares: identity, exports, rules, bounds and the workers. Thread-safe. */
public final class ServerContext {

    private final NodeName self;
    private final Cookie cookie;
    private final RpcOptions options;
    private final Codec codec;
    private final ServiceRegistry services;
    private final MailboxRegistry mailboxes;
    private final AccessRule access;
    private final Executor workers;
    private final InFlightLimiter limiter;
    private volatile boolean aborted;

    public ServerContext(NodeName self, Cookie cookie, RpcOptions options, Codec codec, ServiceRegistry services,
                         MailboxRegistry mailboxes, AccessRule access, Executor workers, InFlightLimiter limiter) {
        this.self = Objects.requireNonNull(self, "self");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        this.options = Objects.requireNonNull(options, "options");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.services = Objects.requireNonNull(services, "services");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.access = Objects.requireNonNull(access, "access");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    public NodeName self() {
        return self;
    }

    public Cookie cookie() {
        return cookie;
    }

    public RpcOptions options() {
        return options;
    }

    public Codec codec() {
        return codec;
    }

    public ServiceRegistry services() {
        return services;
    }

    public MailboxRegistry mailboxes() {
        return mailboxes;
    }

    public AccessRule access() {
        return access;
    }

    public Executor workers() {
        return workers;
    }

    public InFlightLimiter limiter() {
        return limiter;
    }

    /** Whether the server was closed at once: queued work is dropped instead of run. */
    public boolean aborted() {
        return aborted;
    }

    /** Marks the server closed at once. */
    public void abort() {
        aborted = true;
    }
}
