package io.noderpc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeKeyTest {

    @Test
    void plainAndKeyedLinksDiffer() {
        NodeKey plain = NodeKey.of("b@127.0.0.1");
        NodeKey keyed = NodeKey.of("b@127.0.0.1", "shard-7");
        assertFalse(plain.isKeyed());
        assertNull(plain.key());
        assertTrue(keyed.isKeyed());
        assertEquals("shard-7", keyed.key());
        assertNotEquals(plain, keyed);
        assertEquals(plain, NodeKey.of(NodeName.of("b@127.0.0.1"), null));
        assertEquals("b@127.0.0.1", plain.toString());
        assertEquals("b@127.0.0.1/shard-7", keyed.toString());
    }

    @Test
    void rejectsKeysThatCannotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> NodeKey.of("b@h", ""));
        assertThrows(IllegalArgumentException.class, () -> NodeKey.of("b@h", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> NodeKey.of("b@h", "é".repeat(128)));
        assertEquals(254, NodeKey.of("b@h", "é".repeat(127)).key().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length);
        assertThrows(NullPointerException.class, () -> new NodeKey(null, "k"));
    }
}
