package io.noderpc.epmd.testing;

import io.noderpc.epmd.internal.EpmdProtocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Raw EPMD request packets, built byte by byte as the wire has them. */
public final class EpmdPackets {

    private EpmdPackets() {
    }

    /** {@code Length:16} followed by {@code body}. */
    public static byte[] packet(byte[] body) {
        byte[] p = new byte[body.length + 2];
        p[0] = (byte) (body.length >>> 8);
        p[1] = (byte) body.length;
        System.arraycopy(body, 0, p, 2, body.length);
        return p;
    }

    public static byte[] alive2(String name, int port, int high, int low, byte[] extra) {
        return alive2(name.getBytes(StandardCharsets.UTF_8), port, 77, high, low, extra);
    }

    public static byte[] alive2(byte[] name, int port, int type, int high, int low, byte[] extra) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(EpmdProtocol.ALIVE2_REQ);
        short16(b, port);
        b.write(type);
        b.write(0);
        short16(b, high);
        short16(b, low);
        short16(b, name.length);
        b.writeBytes(name);
        short16(b, extra.length);
        b.writeBytes(extra);
        return packet(b.toByteArray());
    }

    public static byte[] portPlease2(String name) {
        return tagged(EpmdProtocol.PORT_PLEASE2_REQ, name.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] stop(String name) {
        return tagged(EpmdProtocol.STOP_REQ, name.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] tagged(byte tag, byte[] rest) {
        byte[] body = new byte[rest.length + 1];
        body[0] = tag;
        System.arraycopy(rest, 0, body, 1, rest.length);
        return packet(body);
    }

    public static byte[] simple(byte tag) {
        return packet(new byte[] {tag});
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static void short16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }
}
