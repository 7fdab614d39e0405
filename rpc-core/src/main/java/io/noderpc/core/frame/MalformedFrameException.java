package io.noderpc.core.frame;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A frame or handshake message broke the wire format: unknown type, unknown flag bits, a header field running past
 * the frame, invalid UTF-8, a chunk for no message, and so on. The decoder that raises it closes the connection,
 * since the byte stream can no longer be trusted.
 */
public class MalformedFrameException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }
}
