package io.noderpc.core.frame;

import io.netty.handler.codec.TooLongFrameException;

/**
 * A chunked message would exceed a reassembly bound: its declared size is above {@code maxMessageSize}, or the
 * messages being reassembled on this link at once would hold more than {@code maxReassemblyBytes}, or more than
 * the allowed number of messages are in reassembly at once. Raised as soon as the first fragment announces the
 * size, before it is buffered; the connection is then closed. Send smaller messages, or raise the limit on the
 * receiving node.
 */
public class MessageTooLargeException extends TooLongFrameException {

    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(String message) {
        super(message);
    }
}
