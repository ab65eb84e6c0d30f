package io.mixkit.mix;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Orders examples so that a batch holds examples of similar length, and padding (which costs as much as
 * real tokens) shrinks.
 *
 * <p>Training ({@link #bucketed}): the shuffled order is cut into windows of {@code window} batches; each
 * window is sorted by length and cut into batches, and the batches of the whole epoch are shuffled. A batch
 * still draws from a random {@code window * batchSize} examples, so with a small window the data order stays
 * close to random (the "bucket iterator" of fairseq and torchtext). Inference ({@link #longestFirst}):
 * simply the examples by decreasing length, the first batch being the largest, so memory peaks at once.
 */
public final class LengthBuckets {

    private LengthBuckets() {}

    /**
     * @param order the epoch's shuffled order of example indices
     * @param lengths per example, its length (any monotone proxy, e.g. characters)
     * @param batchSize examples per batch
     * @param window batches per sorting window (at least 1)
     * @param rng the epoch's random source (the batch order)
     * @return the batches, each an array of example indices; every index of {@code order} once
     */
    public static int[][] bucketed(int[] order, int[] lengths, int batchSize, int window, UniformRandomProvider rng) {
        if (batchSize < 1 || window < 1) {
            throw new IllegalArgumentException("batch size and window must be at least 1, got " + batchSize + ", " + window);
        }
        int n = order.length;
        int batches = (n + batchSize - 1) / batchSize;
        int[][] out = new int[batches][];
        int b = 0;
        int span = batchSize * window;
        for (int from = 0; from < n; from += span) {
            Integer[] w = new Integer[Math.min(n, from + span) - from];
            for (int i = 0; i < w.length; i++) {
                w[i] = order[from + i];
            }
            Arrays.sort(w, Comparator.comparingInt(i -> lengths[i])); // stable: ties keep the shuffled order
            for (int s = 0; s < w.length; s += batchSize) {
                int[] batch = new int[Math.min(w.length, s + batchSize) - s];
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = w[s + i];
                }
                out[b++] = batch;
            }
        }
        int[] perm = Partners.permutation(b, rng);
        int[][] shuffled = new int[b][];
        for (int i = 0; i < b; i++) {
            shuffled[i] = out[perm[i]];
        }
        return shuffled;
    }

    /**
     * @param lengths per example, its length
     * @return the example indices, longest first (ties in index order)
     */
    public static int[] longestFirst(int[] lengths) {
        Integer[] idx = new Integer[lengths.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingInt((Integer i) -> -lengths[i]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
