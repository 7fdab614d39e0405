package io.noderpc.core.fuzz;

import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Something that decodes network input, driven by fuzz inputs. Implementations feed the input to a fresh pipeline
 * in pieces of {@code pieceSize} bytes, allocating every buffer from {@code alloc}, release everything they receive,
 * and return a description of what came out (decoded messages, events, documented errors). They throw only when
 * the code under test misbehaves: an undocumented exception, an inconsistent outcome.
 */
public interface FuzzTarget {

    /** The corpus directory name under {@code src/test/resources/fuzz/}. */
    String name();

    /** Runs one input; see the class comment. */
    List<String> run(ByteBufAllocator alloc, byte[] input, int pieceSize) throws Exception;
}
