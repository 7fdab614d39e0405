package io.noderpc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeNameTest {

    @Test
    void splitsAliveAndHost() {
        NodeName name = NodeName.of("my_node-1@127.0.0.1");
        assertEquals("my_node-1", name.alive());
        assertEquals("127.0.0.1", name.host());
        assertEquals("my_node-1@127.0.0.1", name.toString());
        assertEquals(name, NodeName.of("my_node-1", "127.0.0.1"));
    }

    @Test
    void tellsShortFromLongNames() {
        assertFalse(NodeName.of("a@myhost").isLongName());
        assertTrue(NodeName.of("a@myhost.example.com").isLongName());
        assertTrue(NodeName.of("a@10.0.0.1").isLongName());
        assertTrue(NodeName.of("a@::1").isLongName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nohost", "@host", "a@", "a b@host", "a.b@host", "a@ho st", "a@b@c", "é@host",
            "a@host/x", "a\u0000@host"})
    void rejectsInvalidNames(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeName.of(name));
        assertTrue(e.getMessage().startsWith("invalid node name"), e.getMessage());
    }

    @Test
    void rejectsNamesLongerThanAnAtom() {
        String alive = "a".repeat(250);
        assertEquals(255, NodeName.of(alive + "@host").toString().length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeName.of(alive + "@hosts"));
        assertTrue(e.getMessage().contains("longer than 255"), e.getMessage());
    }

    @Test
    void equalityIsCaseSensitiveAndOrdered() {
        assertNotEquals(NodeName.of("a@host"), NodeName.of("A@host"));
        assertTrue(NodeName.of("a@host").compareTo(NodeName.of("b@host")) < 0);
        assertEquals(NodeName.of("a@host").hashCode(), NodeName.of("a@host").hashCode());
    }
}
