package io.mixkit.text.unlabeled;

import io.mixkit.text.augment.AugmentationCache;
import io.mixkit.text.augment.ParaphraseFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * K views of each unlabeled text, for label guessing. From an augmenter (through its cache), or from
 * paraphrases made elsewhere (a paraphrase file, or {@code augmentations} in the unlabeled JSONL).
 * With paraphrases, a text that has fewer than K is a counted fallback: its missing views come from
 * the augmenter if one is given, else repeat the original ({@link #fallbackRows()},
 * {@link #missingViews()}); nothing is dropped. A pool whose texts carry precomputed label guesses
 * ({@code mixkit spark guess}) gives them in the run's class order ({@link #guess}).
 */
public final class UnlabeledViews {

    private final UnlabeledPool pool;
    private final ParaphraseFile paraphrases;
    private final AugmentationCache augmenter;
    private final int k;
    private final List<String> classes;
    private final BitSet fallback = new BitSet();
    private long missing;

    /**
     * @param pool the unlabeled texts
     * @param paraphrases paraphrases by text, or null
     * @param augmenter the augmenter (primary without paraphrases, fallback with them), or null
     * @param k views per text; 0 guesses on the original alone
     */
    public UnlabeledViews(UnlabeledPool pool, ParaphraseFile paraphrases, AugmentationCache augmenter, int k) {
        this(pool, paraphrases, augmenter, k, List.of());
    }

    /**
     * @param pool the unlabeled texts
     * @param paraphrases paraphrases by text, or null
     * @param augmenter the augmenter (primary without paraphrases, fallback with them), or null
     * @param k views per text; 0 guesses on the original alone
     * @param classes the run's class names in index order, which precomputed guesses must name
     */
    public UnlabeledViews(UnlabeledPool pool, ParaphraseFile paraphrases, AugmentationCache augmenter, int k,
                          List<String> classes) {
        if (k < 0) {
            throw new IllegalArgumentException("K must be >= 0, got " + k);
        }
        this.pool = pool;
        this.paraphrases = paraphrases;
        this.augmenter = augmenter;
        this.k = k;
        this.classes = List.copyOf(classes);
    }

    /** @return whether the pool's texts carry precomputed label guesses */
    public boolean hasGuesses() {
        return pool.hasGuesses();
    }

    /**
     * @param index a pool index
     * @return its precomputed guess in the run's class order
     * @throws IOException if the pool cannot be read
     * @throws IllegalArgumentException naming the row when its guess names other classes than the run's
     */
    public float[] guess(int index) throws IOException {
        if (classes.isEmpty()) {
            throw new IllegalStateException(pool.source() + " carries precomputed guesses, but these views were made "
                    + "without the run's class names");
        }
        Map<String, Double> g = pool.suppliedGuess(index);
        if (g.isEmpty() || !g.keySet().equals(new HashSet<>(classes))) {
            throw new IllegalArgumentException(pool.source() + ":" + (index + 1) + ": the guess is over classes " + g.keySet()
                    + ", the run's classes are " + classes + " (guess with a checkpoint of this task)");
        }
        float[] out = new float[classes.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = g.get(classes.get(c)).floatValue();
        }
        return out;
    }

    /**
     * @param drawn pool indices
     * @return their precomputed guesses, row after row ({@code drawn.length x classes})
     * @throws IOException if the pool cannot be read
     */
    public float[] guesses(int[] drawn) throws IOException {
        float[] flat = new float[drawn.length * classes.size()];
        for (int i = 0; i < drawn.length; i++) {
            System.arraycopy(guess(drawn[i]), 0, flat, i * classes.size(), classes.size());
        }
        return flat;
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
