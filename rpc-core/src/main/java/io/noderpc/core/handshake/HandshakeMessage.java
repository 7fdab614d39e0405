package io.noderpc.core.handshake;

import io.noderpc.core.ErrorKind;
import io.noderpc.core.NodeName;
import io.noderpc.core.frame.FrameType;
import java.util.Arrays;
import java.util.Objects;

/**
 * The messages of the data-link handshake (flow and byte layout on {@link HandshakeDecoder}). Byte arrays are
 * neither copied nor exposed beyond this package's handlers; treat them as read-only.
 */
public sealed interface HandshakeMessage {

    /** The frame type carrying this message. */
    FrameType type();

    /**
     * Client to server, first.
     *
     * @param minVersion lowest protocol version the client speaks
     * @param maxVersion highest protocol version the client speaks
     * @param client the client's node name
     * @param target the node the client means to reach
     * @param key the link key, or {@code null} for the plain node link
     * @param challenge {@value HandshakeProtocol#CHALLENGE_LENGTH} random bytes
     */
    record Hello(int minVersion, int maxVersion, NodeName client, NodeName target, String key, byte[] challenge)
            implements HandshakeMessage {
        public Hello {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(target, "target");
            HandshakeProtocol.checkLength(challenge, HandshakeProtocol.CHALLENGE_LENGTH, "challenge");
        }

        @Override
        public FrameType type() {
            return FrameType.HELLO;
        }

        @Override
        public String toString() {
            return "Hello(v" + minVersion + ".." + maxVersion + ", " + client + " -> " + target
                    + (key == null ? "" : "/" + key) + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hello h && h.minVersion == minVersion && h.maxVersion == maxVersion
                    && h.client.equals(client) && h.target.equals(target) && Objects.equals(h.key, key)
                    && Arrays.equals(h.challenge, challenge);
        }

        @Override
        public int hashCode() {
            return Objects.hash(minVersion, maxVersion, client, target, key, Arrays.hashCode(challenge));
        }
    }

    /**
     * Server to client, answering {@link Hello}.
     *
     * @param version the protocol version chosen, within the client's range
     * @param server the server's node name
     * @param challenge {@value HandshakeProtocol#CHALLENGE_LENGTH} random bytes
     */
    record Challenge(int version, NodeName server, byte[] challenge) implements HandshakeMessage {
        public Challenge {
            Objects.requireNonNull(server, "server");
            HandshakeProtocol.checkLength(challenge, HandshakeProtocol.CHALLENGE_LENGTH, "challenge");
        }

        @Override
        public FrameType type() {
            return FrameType.CHALLENGE;
        }

        @Override
        public String toString() {
            return "Challenge(v" + version + ", " + server + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Challenge c && c.version == version && c.server.equals(server)
                    && Arrays.equals(c.challenge, challenge);
        }

        @Override
        public int hashCode() {
            return Objects.hash(version, server, Arrays.hashCode(challenge));
        }
    }

    /** Client to server: the client's HMAC over the transcript. */
    record Proof(byte[] mac) implements HandshakeMessage {
        public Proof {
            HandshakeProtocol.checkLength(mac, HandshakeProtocol.PROOF_LENGTH, "proof");
        }

        @Override
        public FrameType type() {
            return FrameType.PROOF;
        }

        @Override
        public String toString() {
            return "Proof";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Proof p && Arrays.equals(p.mac, mac);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(mac);
        }
    }

    /** Server to client: the handshake succeeded; the server's HMAC over the transcript. */
    record Accept(byte[] mac) implements HandshakeMessage {
        public Accept {
            HandshakeProtocol.checkLength(mac, HandshakeProtocol.PROOF_LENGTH, "proof");
        }

        @Override
        public FrameType type() {
            return FrameType.ACCEPT;
        }

        @Override
        public String toString() {
            return "Accept";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Accept a && Arrays.equals(a.mac, mac);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(mac);
        }
    }

    /**
     * Either side: the handshake failed; the sender closes the connection after it.
     *
     * @param kind {@link ErrorKind#AUTHENTICATION_FAILED}, {@link ErrorKind#BAD_NODE} or
     *             {@link ErrorKind#INCOMPATIBLE}
     * @param reason what went wrong and what to do, for the peer's error message
     */
    record Reject(ErrorKind kind, String reason) implements HandshakeMessage {
        public Reject {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public FrameType type() {
            return FrameType.REJECT;
        }
    }
}
