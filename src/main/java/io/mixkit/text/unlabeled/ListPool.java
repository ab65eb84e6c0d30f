package io.mixkit.text.unlabeled;

import java.util.List;

/**
 * A pool held in memory: the training split without its labels (the MixText protocol).
 *
 * @param texts the texts
 * @param source a name for messages
 */
public record ListPool(List<String> texts, String source) implements UnlabeledPool {

    /** Checks the pool is usable. */
    public ListPool {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(source + ": the unlabeled pool is empty");
        }
    }

    @Override
    public int size() {
        return texts.size();
    }

    @Override
    public String text(int index) {
        return texts.get(index);
    }

    @Override
    public List<String> suppliedViews(int index) {
        return List.of();
    }
}
