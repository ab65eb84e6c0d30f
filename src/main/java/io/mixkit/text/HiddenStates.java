package io.mixkit.text;

import ai.djl.ndarray.NDArray;

/**
 * Hidden states at a stage of a text encoder, with the padding mask that travels with them.
 *
 * @param hidden [B, T, H]
 * @param mask [B, T], 1 for tokens and 0 for padding (float32); a mixed row carries the union of
 *     its sources' masks
 */
public record HiddenStates(NDArray hidden, NDArray mask) {}
