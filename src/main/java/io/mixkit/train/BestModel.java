package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.mixkit.train.io.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the parameters of the best evaluation (a listener on evaluations): in {@code best/parameters.safetensors}
 * of the state folder when there is one, else in memory; {@link #restore} puts them back into the model at
 * the end of the run. Closing frees the in-memory copy on every path, an exception's included.
 */
public final class BestModel implements TrainingListener, AutoCloseable {

    private final Map<String, NDArray> state;
    private final Path dir;
    private final java.util.function.LongConsumer checkFinite;
    private Map<String, NDArray> inMemory;
    private NDManager manager;

    /**
     * @param state the model's parameters and buffers
     * @param dir where to write the best parameters, or null to keep them in memory
     * @param checkFinite refuses to keep parameters holding NaN or inf (called with the step)
     */
    public BestModel(Map<String, NDArray> state, Path dir, java.util.function.LongConsumer checkFinite) {
        this.state = state;
        this.dir = dir;
        this.checkFinite = checkFinite;
    }

    @Override
    public void onEvaluation(Evaluation e) {
        if (!e.best()) {
            return;
        }
        checkFinite.accept(e.step());
        if (dir != null) {
            try {
                Files.createDirectories(dir);
                SafetensorsWriter.write(dir.resolve("parameters.safetensors"), state, Map.of("step", Long.toString(e.step())));
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
            return;
        }
        close();
        manager = NDManager.newBaseManager();
        inMemory = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            NDArray copy = v.duplicate();
            copy.attach(manager);
            inMemory.put(k, copy);
        });
    }

    /**
     * Puts the best parameters back (from the file a resumed run left too), if any were kept.
     *
     * @throws IOException if the file cannot be read
     */
    public void restore() throws IOException {
        if (dir != null && Files.isRegularFile(dir.resolve("parameters.safetensors"))) {
            TrainingState.loadInto(dir.resolve("parameters.safetensors"), state);
        } else if (inMemory != null) {
            state.forEach((k, v) -> v.set(new NDIndex(":"), inMemory.get(k)));
        }
        close();
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
            manager = null;
            inMemory = null;
        }
    }
}
