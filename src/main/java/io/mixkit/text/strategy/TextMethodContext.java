package io.mixkit.text.strategy;

import io.mixkit.text.TextClassifier;
import io.mixkit.text.TextTokenizer;
import io.mixkit.text.unlabeled.UnlabeledViews;

/**
 * What a text method's factory may use besides its options.
 *
 * @param classifier the classifier being trained (its stage numbering, its depth)
 * @param tokenizer the encoder's tokenizer (for texts a method encodes itself)
 * @param maxLength tokens per text
 * @param unlabeled the unlabeled pool and its views, or null for a supervised run
 */
public record TextMethodContext(TextClassifier classifier, TextTokenizer tokenizer, int maxLength,
                                UnlabeledViews unlabeled) {

    /** @param classifier the classifier @return a context for supervised methods that encode nothing themselves */
    public static TextMethodContext of(TextClassifier classifier) {
        return new TextMethodContext(classifier, null, 0, null);
    }
}
