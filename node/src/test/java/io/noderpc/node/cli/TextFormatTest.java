package io.noderpc.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.noderpc.core.ConnectFailedException;
import io.noderpc.core.RemoteException;
import io.noderpc.core.RpcTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFormatTest {

    @Test
    void resultsPrintByToStringExceptNullAndBytes() {
        assertEquals("null", TextFormat.result(null));
        assertEquals("hello", TextFormat.result("hello"));
        assertEquals("42", TextFormat.result(42L));
        assertEquals("3.5", TextFormat.result(3.5));
        assertEquals("true", TextFormat.result(true));
        assertEquals("<1048576 bytes>", TextFormat.result(new byte[1 << 20]));
        assertEquals("<0 bytes>", TextFormat.result(new byte[0]));
        assertEquals("<1 byte>", TextFormat.result(new byte[1]));
    }

    @Test
    void containersPrintTheirElementsTheSameWay() {
        assertEquals("[1, <3 bytes>, null]", TextFormat.result(new Object[] {1, new byte[3], null}));
        assertEquals("[1, 2]", TextFormat.result(new int[] {1, 2}));
        assertEquals("[a, <2 bytes>]", TextFormat.result(List.of("a", new byte[2])));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", new byte[4]);
        map.put("n", null);
        assertEquals("{k=<4 bytes>, n=null}", TextFormat.result(map));
    }

    @Test
    void aRemoteFailureNamesTheRemoteClassAndMessage() {
        RemoteException e = new RemoteException("java.lang.RuntimeException", "boom", "stack");
        assertEquals("remote error: java.lang.RuntimeException: boom", TextFormat.error(e));
        assertEquals("remote error: java.lang.NullPointerException",
                TextFormat.error(new RemoteException("java.lang.NullPointerException", null, "")));
    }

    @Test
    void otherFailuresPrintTheirMessageOnOneLine() {
        assertEquals("no answer", TextFormat.error(new RpcTimeoutException("no answer")));
        assertEquals("first line second line", TextFormat.error(new ConnectFailedException("first line\n  second line\n")));
        assertEquals("remote error: X: a b", TextFormat.error(new RemoteException("X", "a\r\nb", "")));
        assertEquals("java.lang.IllegalStateException", TextFormat.error(new IllegalStateException()));
    }
}
