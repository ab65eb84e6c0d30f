package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.train.io.CrashPoint;
import io.mixkit.train.io.SafetensorsFile;
import io.mixkit.train.io.SafetensorsWriter;
import io.mixkit.train.io.StoredTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The resumable state of a run, on disk: parameters and AdamW moments as safetensors, and the loop's
 * position as JSON. A save writes {@code DIR.tmp} completely, renames the current {@code DIR} to
 * {@code DIR.old}, renames {@code DIR.tmp} to {@code DIR} and deletes {@code DIR.old}; a process killed at
 * any moment leaves either {@code DIR} or {@code DIR.old} whole, and {@link #locate} finds it. (Files are
 * not fsynced: the guarantee is against a dying process, not against losing power.)
 *
 * @param step steps done
 * @param epoch 0-based epoch to continue in
 * @param batchInEpoch next batch index within that epoch
 * @param bestAccuracy best validation accuracy so far (-1 if none)
 * @param bestStep the step of that evaluation
 * @param evaluationsWithoutImprovement for early stopping
 * @param skippedSteps steps dropped so far for a non-finite loss or gradient
 * @param config the run's settings, to refuse resuming a different run
 * @param methodState the method's own running state ({@link MixStrategy#state()}); empty for most methods
 */
public record TrainingState(long step, int epoch, int batchInEpoch, double bestAccuracy, long bestStep,
                            int evaluationsWithoutImprovement, long skippedSteps, TrainConfig config,
                            Map<String, double[]> methodState) {

    /** Normalises a state read from a file written before {@code methodState} existed. */
    public TrainingState {
        methodState = methodState == null ? Map.of() : Map.copyOf(methodState);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param dir the state folder (replaced)
     * @param params model parameters and buffers ({@link StagedClassifier#state()})
     * @param optimizer the optimizer
     * @throws IOException if it cannot be written
     */
    public void save(Path dir, Map<String, NDArray> params, Optimizer optimizer) throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        SafetensorsWriter.write(tmp.resolve("parameters.safetensors"), params, Map.of());
        CrashPoint.reach("state.write");
        SafetensorsWriter.write(tmp.resolve("optimizer.safetensors"), optimizer.state(),
                Map.of("steps", Long.toString(optimizer.steps())));
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve("trainer.json").toFile(), this);
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        if (Files.isRegularFile(dir.resolve("trainer.json"))) {
            deleteTree(old);
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        } else {
            deleteTree(dir); // a partial folder; the whole previous state, if any, is DIR.old
        }
        CrashPoint.reach("state.swap");
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /**
     * Where the last whole state is: {@code dir} itself, or {@code dir.old} when a process died between
     * the two renames of {@link #save}.
     *
     * @param dir the state folder as given to {@link #save}
     * @return the folder holding a whole state, or null if there is none
     */
    public static Path locate(Path dir) {
        if (Files.isRegularFile(dir.resolve("trainer.json"))) {
            return dir;
        }
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        return Files.isRegularFile(old.resolve("trainer.json")) ? old : null;
    }

    /**
     * Checks, without loading anything into a model, that a run can resume from {@code dir}: the whole
     * state is found ({@link #locate}), {@code trainer.json} parses and both safetensors files are complete.
     *
     * @param dir the state folder as given to {@link #save}
     * @return the folder holding the whole state
     * @throws IOException naming the folder or file that is missing, partial or corrupt
     */
    public static Path verify(Path dir) throws IOException {
        Path found = locate(dir);
        if (found == null) {
            throw new IOException(dir + ": no saved training state to resume from");
        }
        read(found);
        for (String f : new String[] {"parameters.safetensors", "optimizer.safetensors"}) {
            if (!Files.isRegularFile(found.resolve(f))) {
                throw new IOException(found + ": the saved state is incomplete (" + f + " is missing)");
            }
            SafetensorsFile.open(found.resolve(f)).close();
        }
        return found;
    }

    /**
     * @param dir a state folder written by {@link #save}
     * @return the loop position, or null if the folder holds no state
     * @throws IOException if it is unreadable
     */
    public static TrainingState read(Path dir) throws IOException {
        Path f = dir.resolve("trainer.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JSON.readValue(f.toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new IOException(f + ": unreadable training state (" + e.getMessage().split("\n")[0] + ")", e);
        }
    }

    /**
     * Copies saved parameters (and optionally optimizer moments) back.
     *
     * @param dir the state folder
     * @param params the model's parameters and buffers ({@link StagedClassifier#state()})
     * @param optimizer the optimizer to restore, or null
     * @throws IOException if files are missing or do not fit
     */
    public static void restore(Path dir, Map<String, NDArray> params, Optimizer optimizer) throws IOException {
        loadInto(dir.resolve("parameters.safetensors"), params);
        if (optimizer != null) {
            try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("optimizer.safetensors"));
                 NDManager scratch = NDManager.newBaseManager()) {
                Map<String, NDArray> moments = new HashMap<>();
                for (Map.Entry<String, StoredTensor> e : f.tensors().entrySet()) {
                    moments.put(e.getKey(), e.getValue().toFloat32(scratch));
                }
                TrainingState s = read(dir);
                // skipped steps made no update: AdamW's bias correction counts updates, not steps
                optimizer.restore(moments, s == null ? 0 : s.step() - s.skippedSteps());
            }
        }
    }

    /**
     * Loads a safetensors file into existing arrays of the same names and shapes.
     *
     * @param file the file
     * @param into name to destination array
     * @throws IOException naming what is missing or mis-shaped
     */
    public static void loadInto(Path file, Map<String, NDArray> into) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file); NDManager scratch = NDManager.newBaseManager()) {
            for (Map.Entry<String, NDArray> e : into.entrySet()) {
                StoredTensor t = f.tensors().get(e.getKey());
                if (t == null) {
                    throw new IOException(file + ": tensor '" + e.getKey() + "' is missing");
                }
                if (!java.util.Arrays.equals(t.shape(), e.getValue().getShape().getShape())) {
                    throw new IOException(file + ": tensor '" + e.getKey() + "' has shape "
                            + java.util.Arrays.toString(t.shape()) + ", expected " + e.getValue().getShape());
                }
                try (NDManager one = scratch.newSubManager()) {
                    e.getValue().set(new NDIndex(":"), t.toFloat32(one));
                }
            }
        }
    }

    /**
     * Deletes a folder and everything in it; nothing if it does not exist.
     *
     * @param dir the folder
     * @throws IOException if something cannot be deleted
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
