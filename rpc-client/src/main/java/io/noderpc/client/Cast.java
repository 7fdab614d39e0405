package io.noderpc.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code void} method of a {@link Rpc#stub stub} interface a cast (fire and forget) instead of a call that
 * waits for the function to finish. Only allowed on methods returning {@code void}; the stub refuses others when it
 * is created.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cast {

    /**
     * Whether the cast is ordered: executed after every earlier ordered cast of the same link, one at a time
     * ({@link Rpc#orderedCast}).
     */
    boolean ordered() default false;
}
