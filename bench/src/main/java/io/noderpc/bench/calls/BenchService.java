package io.noderpc.bench.calls;

import io.noderpc.client.Rpc;
import io.noderpc.core.NodeName;
import io.noderpc.core.RpcException;
import io.noderpc.server.Service;

import java.util.concurrent.atomic.LongAdder;

/**
 * The service noderpc's competitors call: {@code bench:echo/1} returns its argument,
 * {@code bench:sink/1} counts a one-way message and returns nothing.
 */
final class BenchService {

    static final String NAME = "bench";

    private BenchService() {
    }

    static Service of(LongAdder delivered) {
        return Service.builder(NAME)
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
