package io.mixkit.text;

import io.mixkit.mix.LengthBuckets;

import java.util.ArrayList;
import java.util.List;

/**
 * Inference over a window of texts in batches of similar length: the window runs longest first
 * ({@link LengthBuckets#longestFirst}, by characters), so a batch pads to little more than its own texts,
 * and the outputs come back in the window's order. Shared by {@code predict}, {@code embed} and the
 * Spark jobs that run a model (predict, embed, guess), which cut their input into windows of
 * {@link #DEFAULT_WINDOW} batches.
 */
public final class SortedBatches {

    /** Batches per window by default. */
    public static final int DEFAULT_WINDOW = 32;

    /** Work on one batch: one output per text, in the batch's order. */
    @FunctionalInterface
    public interface Handler {
        /** @param texts one batch @return one output per text @throws Exception from the work */
        List<String> handle(List<String> texts) throws Exception;
    }

    private SortedBatches() {}

    /**
     * @param window the texts
     * @param batchSize texts per batch
     * @param handler the work
     * @return one output per text, in the window's order
     * @throws Exception from the handler
     */
    public static List<String> run(List<String> window, int batchSize, Handler handler) throws Exception {
        int[] lengths = window.stream().mapToInt(String::length).toArray();
        int[] order = LengthBuckets.longestFirst(lengths);
        String[] results = new String[window.size()];
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            List<String> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(window.get(order[i]));
            }
            List<String> done = handler.handle(batch);
            if (done.size() != batch.size()) {
                throw new IllegalStateException("a batch of " + batch.size() + " texts gave " + done.size() + " outputs");
            }
            for (int i = from; i < to; i++) {
                results[order[i]] = done.get(i - from);
            }
        }
        return List.of(results);
    }
}
