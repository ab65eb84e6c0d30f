package io.mixkit.spark;

import io.mixkit.MixKitRuntime;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.TextModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Models loaded once per executor JVM and shared by its tasks (inference only: the parameters are read,
 * never written). Kept until the JVM exits, as an executor's models are.
 */
final class ExecutorModels {

    private static final Map<String, TextCheckpoint.Loaded> CHECKPOINTS = new ConcurrentHashMap<>();
    private static final Map<String, TextModel> ENCODERS = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /**
     * Sets libtorch's intra-op threads before this JVM's engine starts (the first model load; later calls change
     * nothing): the job's {@code --threads-per-task}, so that task slots x threads = the executor's cores. It
     * overrides MixKitRuntime's default of all cores, which in local mode the driver has already set.
     */
    static void threads(int perTask) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, perTask)));
        MixKitRuntime.init();
    }

    static TextCheckpoint.Loaded checkpoint(String dir, int threads) {
        threads(threads);
        return CHECKPOINTS.computeIfAbsent(dir, d -> {
            try {
                return TextCheckpoint.load(Path.of(d));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("executor: cannot load the checkpoint " + d + " (" + e.getMessage() + ")", e);
            }
        });
    }

    static TextModel encoder(String name, int threads) {
        return load(name, false, threads);
    }

    /** @param name a model with an MLM head @param threads libtorch threads @return it, loaded with the head */
    static TextModel maskedLm(String name, int threads) {
        return load(name, true, threads);
    }

    private static TextModel load(String name, boolean mlmHead, int threads) {
        threads(threads);
        return ENCODERS.computeIfAbsent(name + (mlmHead ? "#mlm" : ""), key -> {
            try {
                return TextModel.load(name, mlmHead);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("executor: cannot load the model " + name + " (" + e.getMessage() + ")", e);
            }
        });
    }
}
