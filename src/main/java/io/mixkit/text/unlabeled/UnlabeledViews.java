package io.mixkit.text.unlabeled;

import io.mixkit.text.augment.AugmentationCache;
import io.mixkit.text.augment.ParaphraseFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * K views of each unlabeled text, for label guessing. From an augmenter (through its cache), or from
 * paraphrases made elsewhere (a paraphrase file, or {@code augmentations} in the unlabeled JSONL).
 * With paraphrases, a text that has fewer than K is a counted fallback: its missing views come from
 * the augmenter if one is given, else repeat the original ({@link #fallbackRows()},
 * {@link #missingViews()}); nothing is dropped.
 */
public final class UnlabeledViews {

    private final UnlabeledPool pool;
    private final ParaphraseFile paraphrases;
    private final AugmentationCache augmenter;
    private final int k;
    private final BitSet fallback = new BitSet();
    private long missing;

    /**
     * @param pool the unlabeled texts
     * @param paraphrases paraphrases by text, or null
     * @param augmenter the augmenter (primary without paraphrases, fallback with them), or null
     * @param k views per text; 0 guesses on the original alone
     */
    public UnlabeledViews(UnlabeledPool pool, ParaphraseFile paraphrases, AugmentationCache augmenter, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("K must be >= 0, got " + k);
        }
        this.pool = pool;
        this.paraphrases = paraphrases;
        this.augmenter = augmenter;
        this.k = k;
    }

    /** @return the pool */
    public UnlabeledPool pool() {
        return pool;
    }

    /** @return views per text */
    public int k() {
        return k;
    }

    /**
     * @param index a pool index
     * @return exactly K views
     * @throws IOException if the pool cannot be read
     */
    public List<String> views(int index) throws IOException {
        if (k == 0) {
            return List.of();
        }
        String text = pool.text(index);
        List<String> supplied = paraphrases != null ? paraphrases.views(text) : pool.suppliedViews(index);
        if (paraphrases == null && supplied.isEmpty()) {
            if (augmenter == null) {
                throw new IllegalStateException(pool.source() + ": no views for unlabeled texts; give an augmenter "
                        + "(--augment eda|tfidf|mlm) or a paraphrase file");
            }
            return augmenter.views(text);
        }
        if (supplied.size() >= k) {
            return supplied.subList(0, k);
        }
        synchronized (fallback) {
            if (!fallback.get(index)) {
                fallback.set(index);
                missing += k - supplied.size();
            }
        }
        List<String> out = new ArrayList<>(supplied);
        List<String> extra = augmenter != null ? augmenter.views(text) : null;
        for (int i = 0; out.size() < k; i++) {
            out.add(extra != null ? extra.get(i % extra.size()) : text);
        }
        return out;
    }

    /** @return distinct texts whose paraphrases were fewer than K */
    public int fallbackRows() {
        synchronized (fallback) {
            return fallback.cardinality();
        }
    }

    /** @return views filled in by the fallback, over distinct texts */
    public long missingViews() {
        synchronized (fallback) {
            return missing;
        }
    }
}
