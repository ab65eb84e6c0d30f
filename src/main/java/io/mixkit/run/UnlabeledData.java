package io.mixkit.run;

import java.nio.file.Path;

/**
 * Where a semi-supervised run's unlabeled texts come from and how their views are made.
 *
 * @param file unlabeled texts (.txt, or .jsonl with "text" and optional "augmentations"), or null for
 *     the protocol's unlabeled split of the training file
 * @param unlabeledPerClass with {@code labelsPerClass}: texts per class taken from the training split (5000, MixText's protocol)
 * @param augment eda, tfidf, mlm, or a paraphrase .jsonl file
 * @param augmentModel the model with an MLM head for {@code mlm}
 * @param k views per unlabeled text
 */
public record UnlabeledData(Path file, int unlabeledPerClass, String augment, String augmentModel, int k) {

    /** @return MixText's protocol defaults: the training split's rest, EDA views, K = 2 */
    public static UnlabeledData defaults() {
        return new UnlabeledData(null, 5000, "eda", "bert-base-uncased", 2);
    }

    /** Validates. */
    public UnlabeledData {
        if (unlabeledPerClass < 0 || k < 1) {
            throw new IllegalArgumentException("unlabeled texts per class must be at least 0 and views (k) at least 1, got "
                    + unlabeledPerClass + ", " + k);
        }
    }
}
