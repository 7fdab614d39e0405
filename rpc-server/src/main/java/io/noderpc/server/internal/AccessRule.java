package io.noderpc.server.internal;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which services remote nodes may call: all, only those on an allow-list, or all but those on a deny-list
 * (gen_rpc's {@code rpc_module_control}: disabled, whitelist, blacklist). Checked on the service name without its
 * version, before anything else about a call. Immutable.
 */
public final class AccessRule {

    private enum Mode { ALL, ALLOW, DENY }

    /** Every registered service may be called. */
    public static final AccessRule ALLOW_ALL = new AccessRule(Mode.ALL, Set.of());

    private final Mode mode;
    private final Set<String> services;

    private AccessRule(Mode mode, Set<String> services) {
        this.mode = mode;
        this.services = Collections.unmodifiableSet(new TreeSet<>(services));
    }

    /** Only these services may be called. */
    public static AccessRule allowOnly(Set<String> services) {
        return new AccessRule(Mode.ALLOW, services);
    }

    /** Every service but these may be called. */
    public static AccessRule denyOnly(Set<String> services) {
        return new AccessRule(Mode.DENY, services);
    }

    /** Whether {@code service} (a name without version) may be called. */
    public boolean permits(String service) {
        switch (mode) {
            case ALLOW: return services.contains(service);
            case DENY: return !services.contains(service);
            default: return true;
        }
    }

    /** Why a service this rule does not permit is refused, for the caller. */
    public String refusal() {
        return mode == Mode.ALLOW ? "it is not on the node's allow-list of services"
                : "it is on the node's deny-list of services";
    }

    /** E.g. {@code all services}, {@code allow [math]}, {@code deny [admin]}. */
    @Override
    public String toString() {
        switch (mode) {
            case ALLOW: return "allow " + services;
            case DENY: return "deny " + services;
            default: return "all services";
        }
    }
}
