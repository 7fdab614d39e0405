package io.noderpc.core.frame;

import io.netty.handler.codec.TooLongFrameException;

/**
 * A length prefix announced a frame longer than the decoder accepts. Raised as soon as the 4-byte prefix is read,
 * before any of the frame is buffered; the decoder then closes the connection. Either the peer is not a noderpc
 * node (other protocols' first bytes read as huge lengths), or its chunk size exceeds our
 * {@code maxFrameLength}: make the peer's {@code chunkSize} smaller or our {@code maxFrameLength} larger.
 */
public class FrameTooLongException extends TooLongFrameException {

    private static final long serialVersionUID = 1L;

    private final long length;
    private final int maxLength;

    public FrameTooLongException(long length, int maxLength) {
        super("frame of " + length + " bytes exceeds the limit of " + maxLength + " bytes (noderpc.maxFrameLength);"
                + " the peer is not a noderpc node, or its chunkSize is larger than our maxFrameLength allows");
        this.length = length;
        this.maxLength = maxLength;
    }

    /** The length the prefix announced (an unsigned 32-bit value). */
    public long length() {
        return length;
    }

    /** The limit it exceeded. */
    public int maxLength() {
        return maxLength;
    }
}
