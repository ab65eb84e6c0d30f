package io.mixkit.run;

import io.mixkit.text.ModelFetcher;
import io.mixkit.text.augment.AugmentationCache;
import io.mixkit.text.augment.Augmenter;
import io.mixkit.text.augment.Augmenters;
import io.mixkit.text.augment.ParaphraseFile;
import io.mixkit.text.data.TextExamples;
import io.mixkit.text.unlabeled.FilePool;
import io.mixkit.text.unlabeled.ListPool;
import io.mixkit.text.unlabeled.UnlabeledPool;
import io.mixkit.text.unlabeled.UnlabeledViews;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unlabeled side of a MixText run: the pool (a file, or the protocol's unlabeled split), its
 * views (an augmenter with its disk cache, or a paraphrase file with a counted fallback), and the
 * models these need; closed with the run.
 */
final class SemiSupervised implements AutoCloseable {

    private final UnlabeledPool pool;
    private final UnlabeledViews views;
    private final AugmentationCache cache;
    private final Augmenters.Created augmenterModel;
    private final String augment;

    private SemiSupervised(UnlabeledPool pool, UnlabeledViews views, AugmentationCache cache, Augmenters.Created augmenterModel,
                           String augment) {
        this.pool = pool;
        this.views = views;
        this.cache = cache;
        this.augmenterModel = augmenterModel;
        this.augment = augment;
    }

    /**
     * @param s the run's settings
     * @param protocolUnlabeled the rest of the training split under --labels-per-class, or null
     * @param classes the run's class names, in index order (precomputed guesses must name them)
     * @return the pool, its views and their models
     * @throws IOException if the pool or the augmenter's model cannot be read
     */
    static SemiSupervised open(TextRun.Settings s, TextExamples protocolUnlabeled, List<String> classes) throws IOException {
        UnlabeledData o = s.unlabeled();
        UnlabeledPool pool;
        if (o.file() != null) {
            pool = FilePool.open(o.file(), s.textColumn());
        } else if (protocolUnlabeled != null && protocolUnlabeled.size() > 0) {
            pool = new ListPool(protocolUnlabeled.texts(), protocolUnlabeled.source());
        } else {
            throw new IllegalArgumentException("mixtext needs unlabeled texts: --unlabeled FILE, or --labels-per-class N "
                    + "to use the rest of the training split");
        }
        ParaphraseFile paraphrases = null;
        Augmenters.Created created = null;
        if (o.augment().endsWith(".jsonl") || o.augment().endsWith(".json")) {
            paraphrases = ParaphraseFile.read(Path.of(o.augment()));
        } else if (!Augmenters.NAMES.contains(o.augment())) {
            throw new IllegalArgumentException("--augment must be eda, tfidf, mlm or a .jsonl paraphrase file, got " + o.augment());
        } else {
            created = Augmenters.create(o.augment(), pool, o.augmentModel(), s.maxLength());
        }
        Augmenter augmenter = created == null ? null : created.augmenter();
        AugmentationCache cache = augmenter == null ? null
                : new AugmentationCache(ModelFetcher.cacheRoot().resolve("augment"), augmenter, Math.max(1, o.k()), s.config().seed());
        UnlabeledViews views = new UnlabeledViews(pool, paraphrases, cache, o.k(), classes);
        if (views.hasGuesses()) {
            views.guess(0); // guesses over other classes: said before training starts (every line has line 1's)
        } else if (s.resolvedOptions() instanceof io.mixkit.text.strategy.MixText.Options m && m.guessRefresh() > 0) {
            throw new IllegalArgumentException("--guess-refresh " + m.guessRefresh() + ": " + pool.source()
                    + " carries no precomputed guesses (a \"guess\" per line, as mixkit spark guess writes)");
        }
        return new SemiSupervised(pool, views, cache, created, o.augment());
    }

    String describe() {
        return String.format("mixtext: %d unlabeled texts from %s, K=%d views by %s%s", pool.size(), pool.source(),
                views.k(), augment, views.hasGuesses() ? "; label guesses precomputed in the file (see guess_refresh)" : "");
    }

    /** @return the pool's views, for the method's context */
    UnlabeledViews views() {
        return views;
    }

    Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("source", pool.source());
        f.put("size", pool.size());
        f.put("k", views.k());
        f.put("precomputed_guesses", views.hasGuesses());
        f.put("augment", augment);
        f.put("paraphrase_fallback_rows", views.fallbackRows());
        f.put("paraphrase_missing_views", views.missingViews());
        if (cache != null) {
            f.put("augmentation_cache", cache.file().toString());
            f.put("augmentations_computed", cache.computed());
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        if (cache != null) {
            cache.close();
        }
        pool.close();
        if (augmenterModel != null) {
            augmenterModel.close();
        }
    }
}
