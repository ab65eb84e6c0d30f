/**
 * Modality-free training methods: ERM and stage-wise mixup (input mixup, manifold mixup, TMix,
 * EmbedMix, senMixup are one strategy at different stages).
 */
package io.mixkit.train.strategy;
