package io.noderpc.epmd.internal.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import io.noderpc.epmd.EpmdConnectException;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Opens connections to the daemon, trying its addresses in order (by default {@code ::1} then
 * {@code 127.0.0.1}, as OTP's client does) within one connect timeout for all of them. Each
 * attempt gets a fresh handler from the supplier; the handler of the attempt that connects sees
 * {@code channelActive} and runs the exchange.
 */
public final class EpmdConnector {

    private final Class<? extends SocketChannel> channelClass;
    private final List<InetSocketAddress> addresses;
    private final long connectTimeoutMillis;

    public EpmdConnector(Class<? extends SocketChannel> channelClass, List<InetSocketAddress> addresses,
                         long connectTimeoutMillis) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no epmd address");
        }
        this.channelClass = channelClass;
        this.addresses = List.copyOf(addresses);
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** The addresses tried, for messages: {@code [::1]:4369 or 127.0.0.1:4369}. */
    public String describe() {
        return addresses.stream().map(EpmdConnector::format).collect(Collectors.joining(" or "));
    }

    /**
     * Connects on {@code loop} with a handler named {@code handlerName}. The future completes on
     * the loop, with the channel or with {@link EpmdConnectException} after the last address failed.
     */
    public CompletableFuture<Channel> connect(EventLoop loop, String handlerName, Supplier<ChannelHandler> handler) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        if (loop.isShuttingDown()) {
            // a terminated loop could not even notify the connect future's listeners
            connected.completeExceptionally(new EpmdConnectException("cannot connect to epmd at " + describe()
                    + ": the event loop group is shut down", new RejectedExecutionException("event loop shut down")));
            return connected;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis);
        attempt(loop, handlerName, handler, 0, deadline, new ArrayList<>(), connected);
        return connected;
    }

    private void attempt(EventLoop loop, String handlerName, Supplier<ChannelHandler> handler, int index,
                         long deadline, List<Throwable> failures, CompletableFuture<Channel> connected) {
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (index == addresses.size() || remainingMillis <= 0) {
            Throwable cause = failures.isEmpty() || index < addresses.size()
                    ? new ConnectException("connect timed out after " + connectTimeoutMillis + " ms")
                    : failures.get(failures.size() - 1);
            EpmdConnectException error = new EpmdConnectException("cannot connect to epmd at " + describe()
                    + ": " + message(cause) + "; is epmd running on that port (ERL_EPMD_PORT)?", cause);
            failures.stream().filter(t -> t != cause).forEach(error::addSuppressed);
            connected.completeExceptionally(error);
            return;
        }
        ChannelFuture future = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, remainingMillis))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(handlerName, handler.get());
                    }
                })
                .connect(addresses.get(index));
        future.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                connected.complete(f.channel());
            } else {
                failures.add(f.cause());
                attempt(loop, handlerName, handler, index + 1, deadline, failures, connected);
            }
        });
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        return message != null ? message : t.getClass().getSimpleName();
    }

    /** {@code 127.0.0.1:4369}, {@code [::1]:4369}; other addresses by their {@code toString()}. */
    public static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? NetUtil.toAddressString(inet.getAddress()) : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
