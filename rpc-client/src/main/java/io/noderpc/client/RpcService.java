package io.noderpc.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the remote service a {@link Rpc#stub stub} interface calls. Without it, the service name is the
 * interface's simple name.
 *
 * <pre>{@code
 * @RpcService("math")
 * interface Calculator {
 *     int add(int a, int b);                       // call math:add
 *     CompletableFuture<Integer> mul(int a, int b); // async call math:mul
 *     @Cast void log(String line);                 // cast math:log
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcService {

    /** The service name as registered on the remote node. */
    String value();

    /**
     * The service version required, or empty for any: a non-empty version calls {@code service@version}, which the
     * remote node refuses with {@link io.noderpc.core.IncompatibleException} unless its service has that version.
     */
    String version() default "";
}
