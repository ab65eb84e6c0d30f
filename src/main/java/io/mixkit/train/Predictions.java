package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mixkit.mix.LengthBuckets;

/**
 * Class probabilities of a whole dataset, computed batch by batch in evaluation mode. Batches group
 * examples of similar length ({@link BatchSource#lengthHint}, longest first), so padding is small; the
 * results are in dataset order.
 *
 * @param labels true classes
 * @param probabilities [n][C]
 */
public record Predictions(int[] labels, float[][] probabilities) {

    /**
     * @param model the model
     * @param data the examples
     * @param batchSize rows per forward pass
     * @param <I> input type
     * @return the predictions, in dataset order
     */
    public static <I> Predictions of(StagedClassifier<I> model, BatchSource<I> data, int batchSize) {
        int n = data.size();
        int[] labels = new int[n];
        float[][] probs = new float[n][];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = data.lengthHint(i);
        }
        int[] order = LengthBuckets.longestFirst(lengths);
        for (int start = 0; start < n; start += batchSize) {
            int[] idx = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
            for (int i : idx) {
                labels[i] = data.label(i);
            }
            try (NDManager step = NDManager.newBaseManager()) {
                NDArray p = model.logits(data.inputs(idx), step, false).softmax(-1);
                int c = (int) p.getShape().get(1);
                float[] flat = p.toFloatArray();
                for (int i = 0; i < idx.length; i++) {
                    probs[idx[i]] = java.util.Arrays.copyOfRange(flat, i * c, (i + 1) * c);
                }
            }
        }
        return new Predictions(labels, probs);
    }

    /** @return the metrics of these predictions */
    public ClassificationMetrics metrics() {
        return ClassificationMetrics.compute(labels, probabilities);
    }
}
