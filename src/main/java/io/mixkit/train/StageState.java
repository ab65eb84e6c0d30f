package io.mixkit.train;

import ai.djl.ndarray.NDArray;

/**
 * What a staged model passes between stages: the activations and, for text, the padding mask that
 * travels with them (null for images and pooled vectors).
 *
 * @param value activations, rows along axis 0 ([B, T, H] hidden states, [B, C, H, W] feature maps, [B, H] vectors)
 * @param mask [B, T] 1 for tokens and 0 for padding, or null
 */
public record StageState(NDArray value, NDArray mask) {}
