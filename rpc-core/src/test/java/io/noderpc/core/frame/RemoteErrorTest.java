package io.noderpc.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.noderpc.core.ErrorKind;
import io.noderpc.core.NoSuchFunctionException;
import io.noderpc.core.RemoteException;
import io.noderpc.core.RpcException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RemoteErrorTest {

    private static RemoteError roundTrip(RemoteError error) {
        ByteBuf buf = error.encode(ByteBufAllocator.DEFAULT);
        try {
            return RemoteError.decode(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void remoteThrowableTravelsAsStrings() {
        RemoteError error = RemoteError.of(new ArithmeticException("/ by zero"));
        assertEquals(ErrorKind.REMOTE, error.kind());
        RemoteError back = roundTrip(error);
        assertEquals(error, back);
        RpcException e = back.toException();
        RemoteException remote = assertInstanceOf(RemoteException.class, e);
        assertEquals("java.lang.ArithmeticException", remote.remoteClassName());
        assertEquals("/ by zero", remote.remoteMessage());
        assertTrue(remote.remoteStackTrace().contains("remoteThrowableTravelsAsStrings"));
    }

    @Test
    void rpcExceptionsKeepTheirKind() {
        RemoteError back = roundTrip(RemoteError.of(new NoSuchFunctionException("no math:sub/2 on b@h")));
        assertEquals(ErrorKind.NO_SUCH_FUNCTION, back.kind());
        RpcException e = back.toException();
        assertInstanceOf(NoSuchFunctionException.class, e);
        assertEquals("no math:sub/2 on b@h", e.getMessage());
    }

    @Test
    void nullMessageSurvivesAndLongStringsAreTruncated() {
        RemoteError back = roundTrip(new RemoteError(ErrorKind.REMOTE, "X", null, "é".repeat(40_000)));
        assertNull(back.message());
        assertTrue(back.stackTrace().endsWith("...[truncated]"));
        assertTrue(back.stackTrace().length() < 40_000);
        assertEquals('é', back.stackTrace().charAt(0));
        RemoteError big = roundTrip(new RemoteError(ErrorKind.REMOTE, "X", "m".repeat(20_000), ""));
        assertEquals(RemoteError.MAX_MESSAGE, big.message().length());
    }

    private static void assertMalformed(String hex) {
        ByteBuf buf = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
        assertThrows(MalformedFrameException.class, () -> RemoteError.decode(buf), hex);
    }

    @Test
    void rejectsMalformedEncodings() {
        assertMalformed("");
        assertMalformed("63 0001 58 0000 0000");           // unknown kind 99
        assertMalformed("0a 0001 58 0000 0000 ff");        // trailing byte
        assertMalformed("0a 0002 c328 0000 0000");         // invalid UTF-8 class name
        assertMalformed("0a 0001 58 0000 0005 61");        // stack past the end
        assertMalformed("0a 4001 " + "58".repeat(0x4001) + " 0000 0000"); // class name over 1024 bytes
        assertMalformed("0a 0001 58");                     // truncated
    }
}
