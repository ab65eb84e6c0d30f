/**
 * Corpus-scale jobs on Apache Spark: predict, embed and augment over text files and JSON Lines, on a
 * {@code local[*]} session by default or a cluster. Each job writes the same JSON lines as the single-process
 * command ({@code io.mixkit.text.OutputLines}, {@code AugmentationCache.compute}); models load once per executor
 * JVM ({@link io.mixkit.spark.ExecutorModels}). Spark is a provided dependency: {@code target/spark-lib}.
 */
package io.mixkit.spark;
