/**
 * Tensor files: memory-mapped safetensors reading and writing (F32, F16, BF16), and the
 * {@link io.mixkit.train.io.TensorSource} view that weight importers share. Used for checkpoints and
 * training state by the loop, and for Hugging Face directories by the text module.
 */
package io.mixkit.train.io;
