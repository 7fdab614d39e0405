package io.noderpc.bench.calls;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * gRPC messages as plain byte arrays, so that the gRPC competitor needs no generated code and no
 * protobuf: the same payload bytes as every other competitor. The stream it hands gRPC knows its
 * length, so gRPC frames it without buffering a copy first.
 */
final class ByteArrayMarshaller implements MethodDescriptor.Marshaller<byte[]> {

    static final ByteArrayMarshaller INSTANCE = new ByteArrayMarshaller();

    private ByteArrayMarshaller() {
    }

    @Override
    public InputStream stream(byte[] value) {
        return new KnownLengthStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a gRPC message failed", e);
        }
    }

    /** A byte-array stream whose {@code available()} is its exact remaining length. */
    static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
        KnownLengthStream(byte[] bytes) {
            super(bytes);
        }
    }
}
