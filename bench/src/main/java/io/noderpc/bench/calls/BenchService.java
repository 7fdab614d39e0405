package io.noderpc.bench.calls;

import io.noderpc.client.Rpc;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.server.Service;

import java.util.concurrent.atomic.LongAdder;

/**
 * The service noderpc's competitors call: {@code bench:echo/1} returns its argument,
 * {@code bench:sink/1} counts a one-way message and returns nothing. Both run on workers, noderpc's
 * default, unless {@value #NON_BLOCKING_PROPERTY} is {@code true}: then the service is declared
 * {@link Service.Builder#nonBlocking() non-blocking} and runs on the event loops, as gRPC's direct
 * executor does.
 */
final class BenchService {

    static final String NAME = "bench";
    static final String NON_BLOCKING_PROPERTY = "noderpc.bench.nonBlocking";

    /** Whether this run declares the service non-blocking. */
    static boolean nonBlocking() {
        return Boolean.getBoolean(NON_BLOCKING_PROPERTY);
    }

    /** How the service's functions run, for a competitor's description. */
    static String runsOn() {
        if (nonBlocking()) {
            return "a non-blocking service (functions on the event loops)";
        }
        return "workers on " + (Runtime.version().feature() >= 21 ? "virtual threads" : "a thread pool");
    }

    private BenchService() {
    }

    static Service of(LongAdder delivered) {
        Service.Builder builder = Service.builder(NAME);
        if (nonBlocking()) {
            builder.nonBlocking();
        }
        return builder
                .function("echo", 1, args -> args[0])
                .function("sink", 1, args -> {
                    delivered.increment();
                    return null;
                })
                .build();
    }

    /**
     * Casts to {@code bench:sink/1} on {@code server} through {@code rpc}. A cast refused because the
     * link holds as many requests as it may is reported as refused (back-pressure); other failures
     * (a closed client, a codec error) are thrown.
     */
    static CallCompetitor.OneWay casts(Rpc rpc, NodeName server, LongAdder delivered) {
        return new CallCompetitor.OneWay() {
            @Override
            public CallCompetitor.Sender sender(int index) {
                return payload -> {
                    try {
                        rpc.cast(server, NAME, "sink", (Object) payload);
                        return true;
                    } catch (RpcException e) {
                        if (e.getClass() != RpcException.class) {
                            throw e;
                        }
                        return false;
                    }
                };
            }

            @Override
            public long delivered() {
                return delivered.sum();
            }
        };
    }
}
