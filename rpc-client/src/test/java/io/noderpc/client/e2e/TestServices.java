package io.noderpc.client.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The services the end-to-end tests call. Registered on the server by the fixture. */
final class TestServices {

    private TestServices() {
    }

    /** A value class that must be registered with the codec on both nodes. */
    record Point(int x, int y) {
    }

    /** A class nobody registers. */
    record Secret(String value) {
    }

    /** Service "math". */
    public static final class MathService {
        private final String node;
        final AtomicInteger calls = new AtomicInteger();
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        MathService(String node) {
            this.node = node;
        }

        public int add(int a, int b) {
            calls.incrementAndGet();
            return a + b;
        }

        public int mul(int a, int b) {
            return a * b;
        }

        public String whoami() {
            return node;
        }

        public void fail(String message) {
            throw new IllegalStateException(message);
        }

        public long sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
            return millis;
        }

        public Point move(Point p, int d) {
            return new Point(p.x() + d, p.y() + d);
        }

        public Object secret() {
            return new Secret("never leaves");
        }

        public int length(byte[] data) {
            events.add("length");
            return data.length;
        }

        public int mark(int i) {
            events.add("mark");
            return i;
        }
    }

    /** Service "recorder": counts casts and records the order of ordered casts. */
    public static final class Recorder {
        final AtomicInteger hits = new AtomicInteger();
        final List<Integer> sequence = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch release = new CountDownLatch(1);

        public void hit() {
            hits.incrementAndGet();
        }

        public void seq(int i) {
            sequence.add(i);
        }

        public int hits() {
            return hits.get();
        }

        public void block() throws InterruptedException {
            release.await();
        }

        /** Counts a message once {@link #release} opens. */
        public void keep(byte[] data) throws InterruptedException {
            release.await();
            hits.incrementAndGet();
        }
    }
}
