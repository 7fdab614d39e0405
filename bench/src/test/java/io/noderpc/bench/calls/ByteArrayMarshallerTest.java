package io.noderpc.bench.calls;

import io.grpc.KnownLength;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ByteArrayMarshallerTest {

    private final ByteArrayMarshaller marshaller = ByteArrayMarshaller.INSTANCE;

    @Test
    void roundTripsEveryPayloadSize() {
        Random random = new Random(1);
        for (int size : new int[] {0, 1, 32, 4096, 1 << 20}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            assertArrayEquals(payload, marshaller.parse(marshaller.stream(payload)), size + " bytes");
        }
    }

    @Test
    void theStreamKnowsItsLengthSoGrpcNeedNotBufferIt() throws IOException {
        InputStream s = marshaller.stream(new byte[4096]);
        assertInstanceOf(KnownLength.class, s);
        assertEquals(4096, s.available());
    }

    @Test
    void parsesAStreamThatArrivesInPieces() {
        byte[] payload = new byte[100_000];
        new Random(2).nextBytes(payload);
        InputStream trickle = new ByteArrayInputStream(payload) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        assertArrayEquals(payload, marshaller.parse(trickle));
    }

    @Test
    void methodsAreDescribedWithoutGeneratedCode() {
        assertEquals("bench.Bench/Echo", GrpcUnary.ECHO.getFullMethodName());
        assertEquals(io.grpc.MethodDescriptor.MethodType.UNARY, GrpcUnary.ECHO.getType());
        assertEquals(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING, GrpcUnary.SINK.getType());
    }
}
