package io.noderpc.bench.calls;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * gRPC-java, no generated code: methods described by hand over {@link ByteArrayMarshaller}, a Netty
 * server and one channel (one HTTP/2 connection, shared by all callers, like noderpc's one link) on
 * loopback in this JVM. Calls are unary {@code bench.Bench/Echo}, made with the blocking stub call, or
 * with the async stub's call when many are kept in flight from one thread.
 *
 * <p>gRPC has no fire-and-forget call. Its one-way messages are the requests of a client-streaming
 * call, {@code bench.Bench/Sink}: each sender keeps one call open and sends a message per cast,
 * refused while the call is not ready (gRPC's flow control); the server counts them.
 *
 * <p>Executors are gRPC's defaults (the server runs handlers on a shared cached pool) unless
 * {@value #DIRECT_EXECUTOR_PROPERTY} is {@code true}: then server and channel run everything on the
 * Netty event loops, gRPC's fastest configuration for handlers that never block.
 */
final class GrpcUnary implements CallCompetitor {

    static final String DIRECT_EXECUTOR_PROPERTY = "noderpc.bench.grpcDirectExecutor";
    static final String SERVICE = "bench.Bench";
    /** Larger than the largest payload: gRPC's default limit is 4 MiB. */
    private static final int MAX_MESSAGE = 64 << 20;

    static final MethodDescriptor<byte[], byte[]> ECHO = method(MethodDescriptor.MethodType.UNARY, "Echo");
    static final MethodDescriptor<byte[], byte[]> SINK = method(MethodDescriptor.MethodType.CLIENT_STREAMING, "Sink");

    private final boolean direct = Boolean.getBoolean(DIRECT_EXECUTOR_PROPERTY);
    private final LongAdder delivered = new LongAdder();
    private final List<ClientCall<byte[], byte[]>> streams = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;

    static MethodDescriptor<byte[], byte[]> method(MethodDescriptor.MethodType type, String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ByteArrayMarshaller.INSTANCE)
                .setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
                .build();
    }

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public String description() {
        String version = ManagedChannel.class.getPackage().getImplementationVersion();
        return "gRPC-java " + (version == null ? "(version unknown)" : version)
                + " (grpc-netty-shaded), unary, byte[] marshaller, no code generation; server and one channel in this"
                + " JVM, blocking stub calls (pipelined: async stub calls); "
                + (direct ? "direct executor on server and channel"
                        : "default executors (handlers on gRPC's shared cached pool)")
                + "; one-way: client-streaming call, one message per cast";
    }

    @Override
    public void start() throws Exception {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(request);
                    reply.onCompleted();
                }))
                .addMethod(SINK, ServerCalls.asyncClientStreamingCall(reply -> new StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] message) {
                        delivered.increment();
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the client cancelled its stream at the end of the run
                    }

                    @Override
                    public void onCompleted() {
                        reply.onNext(new byte[0]);
                        reply.onCompleted();
                    }
                }))
                .build();
        NettyServerBuilder sb = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxInboundMessageSize(MAX_MESSAGE).addService(service);
        if (direct) {
            sb.directExecutor();
        }
        server = sb.build().start();
        NettyChannelBuilder cb = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", server.getPort()))
                .usePlaintext().maxInboundMessageSize(MAX_MESSAGE);
        if (direct) {
            cb.directExecutor();
        }
        channel = cb.build();
    }

    @Override
    public Caller caller(int index) {
        return payload -> ClientCalls.blockingUnaryCall(channel, ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), payload);
    }

    /** The async stub's call: the reply comes to an observer, on the channel's executor. */
    @Override
    public AsyncCaller asyncCaller() {
        return (payload, done) -> ClientCalls.asyncUnaryCall(channel.newCall(ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)), payload, new StreamObserver<>() {
                    private byte[] reply;

                    @Override
                    public void onNext(byte[] value) {
                        reply = value;
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.accept(null, t);
                    }

                    @Override
                    public void onCompleted() {
                        done.accept(reply, null);
                    }
                });
    }

    @Override
    public OneWay oneWay() {
        return new OneWay() {
            @Override
            public Sender sender(int index) {
                ClientCall<byte[], byte[]> call = channel.newCall(SINK, CallOptions.DEFAULT);
                call.start(new ClientCall.Listener<>() {
                }, new Metadata());
                call.request(1);
                streams.add(call);
                return payload -> {
                    if (!call.isReady()) {
                        return false;
                    }
                    call.sendMessage(payload);
                    return true;
                };
            }

            @Override
            public long delivered() {
                return delivered.sum();
            }
        };
    }

    @Override
    public void close() {
        for (ClientCall<byte[], byte[]> call : streams) {
            call.cancel("the benchmark ends", null);
        }
        if (channel != null) {
            channel.shutdownNow();
            awaitTermination(channel);
        }
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitTermination(ManagedChannel channel) {
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
