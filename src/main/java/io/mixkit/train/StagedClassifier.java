package io.mixkit.train;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A classifier seen as a stack of stages: {@code stage 0 -> stage 1 -> ... -> stage S -> logits}.
 *
 * <p>Stage 0 is the input representation (token embeddings, pixels), stage k the output of layer or
 * block group k. Every mixing method either mixes the {@link StageState} at some stage (input mixup,
 * manifold mixup, TMix, EmbedMix, senMixup) or builds a mixed input (CutMix, SSMix, PuzzleMix); the
 * training loop knows nothing else about the model.
 *
 * @param <I> the input batch type (token ids, pixel arrays, vectors)
 */
public interface StagedClassifier<I> {

    /** @return the last stage index S (stages are 0..S) */
    int numStages();

    /** @return the number of classes C */
    int numClasses();

    /** @return every trainable parameter, by name */
    NamedParameters parameters();

    /**
     * Non-trainable state that is part of the model (BatchNorm running statistics): saved and restored
     * with the parameters, never updated by the optimiser.
     *
     * @return buffers by name (empty by default)
     */
    default Map<String, NDArray> buffers() {
        return Map.of();
    }

    /** @return parameters and buffers together, by name: everything a checkpoint must hold */
    default Map<String, NDArray> state() {
        Map<String, NDArray> all = new LinkedHashMap<>(parameters().asMap());
        all.putAll(buffers());
        return all;
    }

    /**
     * @param name a parameter name
     * @return whether it belongs to the classification head (trained with the head learning rate)
     */
    boolean isHeadParameter(String name);

    /**
     * Runs the model from its input up to and including a stage.
     *
     * @param stage 0..S
     * @param inputs the batch
     * @param manager the per-step manager (every array of the step lives there)
     * @param training whether dropout and similar are active
     * @return the activations after the stage
     */
    StageState forwardTo(int stage, I inputs, NDManager manager, boolean training);

    /**
     * Continues from the output of a stage to the logits.
     *
     * @param stage the stage the state comes from
     * @param state its activations (possibly mixed)
     * @param training whether dropout and similar are active
     * @return logits [B, C]
     */
    NDArray forwardFrom(int stage, StageState state, boolean training);

    /**
     * The whole forward pass.
     *
     * @param inputs the batch
     * @param manager the per-step manager
     * @param training whether dropout is active
     * @return logits [B, C]
     */
    default NDArray logits(I inputs, NDManager manager, boolean training) {
        return forwardFrom(0, forwardTo(0, inputs, manager, training), training);
    }
}
