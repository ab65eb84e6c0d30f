package io.mixkit.text.unlabeled;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Unlabeled texts by index, with any views (paraphrases) that came with them. */
public interface UnlabeledPool extends Closeable {

    /** @return number of texts */
    int size();

    /**
     * @param index 0..size-1
     * @return the text
     * @throws IOException if it cannot be read
     */
    String text(int index) throws IOException;

    /**
     * @param index 0..size-1
     * @return views supplied with the text (e.g. back-translations in a paraphrase file), possibly none
     * @throws IOException if they cannot be read
     */
    List<String> suppliedViews(int index) throws IOException;

    /**
     * @return whether every text comes with a precomputed label guess (the {@code guess} field that
     *     {@code mixkit spark guess} writes)
     */
    default boolean hasGuesses() {
        return false;
    }

    /**
     * @param index 0..size-1
     * @return the text's precomputed guess, class name to probability (empty when the pool has none)
     * @throws IOException if it cannot be read
     */
    default Map<String, Double> suppliedGuess(int index) throws IOException {
        return Map.of();
    }

    /** @return where the texts come from, for messages */
    String source();

    @Override
    default void close() throws IOException {}
}
