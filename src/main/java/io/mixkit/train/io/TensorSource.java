package io.mixkit.train.io;

import java.io.Closeable;
import java.util.Map;

/**
 * A weight file (or directory) opened for reading: tensors by name.
 *
 * <p>Implementations memory-map their files; {@link #close()} releases nothing the JVM would not,
 * but marks the end of the buffers' use.
 */
public interface TensorSource extends Closeable {

    /** @return what was opened, for messages (a path, or a jar and entry) */
    String description();

    /** @return tensors by (mapped) name, in file order */
    Map<String, StoredTensor> tensors();

    /**
     * @return the attention-head count if the source records it (an ONNX graph does), else 0
     */
    default int numHeadsHint() {
        return 0;
    }

    @Override
    default void close() {}
}
