package io.mixkit.train;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * One training batch: model inputs, hard labels and, when a strategy has already mixed the inputs,
 * the soft targets that go with them.
 *
 * @param inputs model inputs
 * @param labels class index per row
 * @param targets soft targets [B, C] for mixed inputs, or null (one-hot of {@code labels})
 * @param logged scalar losses computed before gradient recording (e.g. the clean loss of a saliency pass), for logs
 * @param <I> the input type
 */
public record Batch<I>(I inputs, int[] labels, NDArray targets, Map<String, Float> logged) {

    /**
     * @param inputs model inputs
     * @param labels class per row
     */
    public Batch(I inputs, int[] labels) {
        this(inputs, labels, null, Map.of());
    }

    /** @return rows in the batch */
    public int size() {
        return labels.length;
    }
}
