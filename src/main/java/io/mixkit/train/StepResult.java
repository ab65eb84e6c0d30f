package io.mixkit.train;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * What a strategy's training forward pass returns; the loop turns it into the loss
 * {@code softCE(logits, targets) + sum(extraLosses)} (the first term only when {@code targets} is given).
 *
 * @param logits [N, C]
 * @param targets soft targets [N, C] (rows sum to 1), or null when the extra losses are the whole loss
 * @param extraLosses further scalar loss terms, already weighted (MixText's unlabeled KL term, AugMix's JS term)
 */
public record StepResult(NDArray logits, NDArray targets, Map<String, NDArray> extraLosses) {

    /**
     * @param logits [N, C]
     * @param targets soft targets [N, C]
     */
    public StepResult(NDArray logits, NDArray targets) {
        this(logits, targets, Map.of());
    }
}
