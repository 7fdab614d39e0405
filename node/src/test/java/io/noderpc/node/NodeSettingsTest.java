package io.noderpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.core.Cookie;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

    @Test
    void defaults() {
        NodeSettings s = Node.builder().name("a@127.0.0.1").cookie("c").settings();
        assertEquals("a@127.0.0.1", s.name().toString());
        assertEquals(Cookie.of("c"), s.cookie());
        assertEquals(NodeSettings.DEFAULT_EPMD_ADDRESS, s.epmdAddress());
        assertEquals(NodeSettings.defaultEpmdPort(), s.epmdPort());
        assertEquals(PortRange.EPHEMERAL, s.distPorts());
        assertEquals(PortRange.EPHEMERAL, s.dataPorts());
        assertNull(s.distInterface());
        assertNull(s.dataInterface());
        assertEquals(Duration.ofSeconds(60), s.tickTime());
        assertFalse(s.embeddedEpmd());
    }

    @Test
    void shortAndLongNamesAreAccepted() {
        assertEquals("a", Node.builder().name("a@myhost").cookie("c").settings().name().alive());
        assertTrue(Node.builder().name("a@host.example.com").cookie("c").settings().name().isLongName());
    }

    @Test
    void badNamesFailAtOnceSayingWhy() {
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> Node.builder().name("a"));
        assertTrue(noHost.getMessage().contains("'@host'"), noHost.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Node.builder().name("@host"));
        assertThrows(IllegalArgumentException.class, () -> Node.builder().name("a b@host"));
        assertThrows(IllegalArgumentException.class, () -> Node.builder().name("a@"));
    }

    @Test
    void aNodeNeedsAName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Node.builder().cookie("c").build());
        assertTrue(e.getMessage().contains("needs a name"), e.getMessage());
    }

    @Test
    void portRangesAreValidated() {
        assertEquals("5000..5010", PortRange.of(5000, 5010).toString());
        assertEquals(11, PortRange.of(5000, 5010).size());
        assertTrue(PortRange.single(0).isEphemeral());
        assertEquals(PortRange.EPHEMERAL, PortRange.single(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PortRange.of(6000, 5000))
                .getMessage().contains("min is greater than max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PortRange.of(0, 5000))
                .getMessage().contains("0 (ephemeral)"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.of(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> PortRange.of(5, 65536));
        NodeSettings s = Node.builder().name("a@127.0.0.1").cookie("c").distPorts(9100, 9105).dataPort(9200)
                .settings();
        assertEquals(PortRange.of(9100, 9105), s.distPorts());
        assertEquals(PortRange.single(9200), s.dataPorts());
        assertThrows(IllegalArgumentException.class, () -> Node.builder().distPorts(10, 5));
        assertThrows(IllegalArgumentException.class, () -> Node.builder().dataPort(70000));
    }

    @Test
    void epmdPortAndAddressAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Node.builder().epmdPort(0));
        assertThrows(IllegalArgumentException.class, () -> Node.builder().epmdPort(65536));
        assertThrows(IllegalArgumentException.class, () -> Node.builder().epmdAddress(" "));
        assertEquals(4370, Node.builder().name("a@h").cookie("c").epmdPort(4370).settings().epmdPort());
    }

    @Test
    void interfacesResolve() {
        NodeSettings s = Node.builder().name("a@127.0.0.1").cookie("c").bindInterface("127.0.0.1").settings();
        assertEquals("127.0.0.1", s.distInterface().getHostAddress());
        assertEquals("127.0.0.1", s.dataInterface().getHostAddress());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Node.builder().distInterface("no such host.invalid")).getMessage().contains("distInterface"));
    }

    @Test
    void tickTimeIsValidated() {
        assertEquals(Duration.ofSeconds(8),
                Node.builder().name("a@h").cookie("c").tickTime(Duration.ofSeconds(8)).settings().tickTime());
        assertThrows(IllegalArgumentException.class, () -> Node.builder().tickTime(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Node.builder().tickTime(Duration.ofMillis(1500)));
    }

    @Test
    void aNodeIsNotRunningBeforeStart() {
        Node node = Node.builder().name("a@127.0.0.1").cookie("c").build();
        assertFalse(node.isRunning());
        assertThrows(IllegalStateException.class, node::distPort);
        node.close();
        assertThrows(IllegalStateException.class, node::start);
    }
}
