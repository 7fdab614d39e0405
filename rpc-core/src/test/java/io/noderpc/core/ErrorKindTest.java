package io.noderpc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorKindTest {

    @Test
    void eachKindMakesItsExceptionAndCodesRoundTrip() {
        for (ErrorKind kind : ErrorKind.values()) {
            RpcException e = kind.newException("boom");
            assertEquals(kind, e.kind(), kind.name());
            assertTrue(e.getMessage().contains("boom"), e.getMessage());
            assertEquals(kind, ErrorKind.fromCode(kind.code()));
        }
        assertNull(ErrorKind.fromCode(-1));
        assertNull(ErrorKind.fromCode(11));
        assertNull(ErrorKind.fromCode(255));
    }

    @Test
    void subclassesShareTheRoot() {
        RpcException e = new AuthenticationFailedException("x");
        assertTrue(e instanceof RuntimeException);
        assertEquals(ErrorKind.AUTHENTICATION_FAILED, e.kind());
        assertEquals(ErrorKind.RPC, new RpcException("x").kind());
    }

    @Test
    void remoteExceptionKeepsTheRemoteStrings() {
        RemoteException e = new RemoteException("java.lang.ArithmeticException", "/ by zero", "at x.y(Z.java:1)");
        assertEquals("java.lang.ArithmeticException", e.remoteClassName());
        assertEquals("/ by zero", e.remoteMessage());
        assertEquals("at x.y(Z.java:1)", e.remoteStackTrace());
        assertTrue(e.getMessage().contains("java.lang.ArithmeticException: / by zero"), e.getMessage());
        assertEquals("", new RemoteException("X", null, null).remoteStackTrace());
    }
}
