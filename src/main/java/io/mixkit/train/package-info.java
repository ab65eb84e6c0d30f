/**
 * The training layer: named parameters, and (as it grows) the one training loop, the strategy
 * interface, losses, schedules, checkpoints and listeners. Modality-free: it knows staged models,
 * not BERT or CNNs.
 */
package io.mixkit.train;
