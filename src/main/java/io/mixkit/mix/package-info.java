/**
 * Mixing kernels: pure, seeded functions on NDArrays with no model and no modality.
 *
 * <p>Everything above this package (the training loop, text and image strategies) builds its
 * mixing out of these pieces: {@link io.mixkit.mix.MixingWeights} (Beta sampling and lambda
 * policies), {@link io.mixkit.mix.Partners} (who mixes with whom), {@link io.mixkit.mix.SoftTargets}
 * (one-hot, mixed, smoothed and sharpened targets), {@link io.mixkit.mix.Interpolation} (row mixing
 * {@code l*h + (1-l)*h[perm]}) and {@link io.mixkit.mix.AttentionMasks} (the union of padding masks).
 */
package io.mixkit.mix;
