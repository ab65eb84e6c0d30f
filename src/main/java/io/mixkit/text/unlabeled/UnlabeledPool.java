package io.mixkit.text.unlabeled;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

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

    /** @return where the texts come from, for messages */
    String source();

    @Override
    default void close() throws IOException {}
}
