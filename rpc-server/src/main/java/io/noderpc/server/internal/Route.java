package io.noderpc.server.internal;

import io.noderpc.core.ErrorKind;
import io.noderpc.server.Service;

/**
 * Where a CALL, CAST or ORDERED_CAST goes, decided from its header alone (no argument decoded): the service and
 * function, or why it is refused.
 *
 * @param service the service found, {@code null} if refused
 * @param function the function name
 * @param refusal the error kind if refused, else {@code null}
 * @param reason the message for the caller if refused
 */
public record Route(Service service, String function, ErrorKind refusal, String reason) {

    /**
     * Routes {@code serviceSpec} ({@code name} or {@code name@version}) and {@code function}, checking in this
     * order: access rule (UNAUTHORIZED), service registered (NO_SUCH_FUNCTION), version (INCOMPATIBLE), function
     * exported under some arity (NO_SUCH_FUNCTION).
     */
    public static Route of(ServerContext server, String serviceSpec, String function) {
        int at = serviceSpec.indexOf('@');
        String name = at < 0 ? serviceSpec : serviceSpec.substring(0, at);
        String version = at < 0 ? null : serviceSpec.substring(at + 1);
        if (!server.access().permits(name)) {
            return refused(ErrorKind.UNAUTHORIZED, "service " + name + " may not be called on node " + server.self()
                    + ": " + server.access().refusal() + "; nothing was executed");
        }
        Service service = server.services().service(name).orElse(null);
        if (service == null) {
            return refused(ErrorKind.NO_SUCH_FUNCTION, "node " + server.self() + " has no service " + name
                    + "; register it there (services().register(\"" + name + "\", ...))");
        }
        if (version != null && !version.equals(service.version().orElse(null))) {
            return refused(ErrorKind.INCOMPATIBLE, "service " + name + " on node " + server.self() + " is "
                    + service.version().map(v -> "version " + v).orElse("unversioned") + ", not version " + version
                    + " as asked; upgrade one side, or call it without a version");
        }
        if (!service.exports(function)) {
            return refused(ErrorKind.NO_SUCH_FUNCTION, "service " + name + " on node " + server.self()
                    + " exports no function " + function + "; it exports " + service.functionNames());
        }
        return new Route(service, function, null, null);
    }

    private static Route refused(ErrorKind kind, String reason) {
        return new Route(null, null, kind, reason);
    }

    public boolean refused() {
        return refusal != null;
    }

    /** {@code service:function} for messages. */
    public String target() {
        return service.name() + ":" + function;
    }
}
