package io.noderpc.server.internal;

import io.noderpc.core.IncompatibleException;

/** The decoded arguments of a call do not fit the parameter types of the exported method: nothing was invoked. */
public final class ArgumentMismatchException extends IncompatibleException {

    private static final long serialVersionUID = 1L;

    public ArgumentMismatchException(String message) {
        super(message);
    }
}
