package io.mixkit.text.augment;

import io.mixkit.text.TextModel;
import io.mixkit.text.unlabeled.UnlabeledPool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The augmenters by name, with the defaults of their papers. */
public final class Augmenters {

    /** Names accepted by {@link #create}. */
    public static final List<String> NAMES = List.of("eda", "tfidf", "mlm");

    /** Tokens mlm reads per text in the augment commands (single-process and Spark). */
    public static final int AUGMENT_MAX_LENGTH = 256;

    /**
     * An augmenter and the model it holds (for {@code mlm}), closed together.
     *
     * @param augmenter the augmenter
     * @param model the masked-LM model it uses, or null
     */
    public record Created(Augmenter augmenter, TextModel model) implements AutoCloseable {
        @Override
        public void close() {
            if (model != null) {
                model.close();
            }
        }
    }

    private Augmenters() {}

    /** Where TF-IDF's document frequencies come from, computed only when tfidf is asked for. */
    @FunctionalInterface
    public interface Frequencies {
        /** @return the corpus's document frequencies @throws IOException if the corpus cannot be read */
        TfIdfReplacement.DocumentFrequencies count() throws IOException;
    }

    /**
     * @param name eda (alpha 0.1), tfidf (p 0.3, IDF from the corpus) or mlm (15% of pieces, top 10)
     * @param corpus the texts TF-IDF statistics come from
     * @param mlmModel the model with an MLM head for mlm
     * @param maxLength tokens read per text by mlm
     * @return the augmenter
     * @throws IOException if the corpus or model cannot be read
     */
    public static Created create(String name, UnlabeledPool corpus, String mlmModel, int maxLength) throws IOException {
        return create(name, () -> {
            List<String> texts = new ArrayList<>(corpus.size());
            for (int i = 0; i < corpus.size(); i++) {
                texts.add(corpus.text(i));
            }
            return TfIdfReplacement.DocumentFrequencies.count(texts);
        }, mlmModel, maxLength);
    }

    /**
     * @param name eda, tfidf or mlm
     * @param corpus the document frequencies TF-IDF uses (asked for by tfidf alone)
     * @param mlmModel the model with an MLM head for mlm
     * @param maxLength tokens read per text by mlm
     * @return the augmenter
     * @throws IOException if the corpus or model cannot be read
     */
    public static Created create(String name, Frequencies corpus, String mlmModel, int maxLength) throws IOException {
        switch (name) {
            case "eda":
                return new Created(eda(), null);
            case "tfidf":
                return new Created(tfidf(corpus.count()), null);
            case "mlm":
                TextModel m = TextModel.load(mlmModel, true);
                return new Created(maskedLm(m, maxLength), m);
            default:
                throw new IllegalArgumentException("unknown augmenter '" + name + "'; expected eda, tfidf or mlm");
        }
    }

    /** @return EDA with alpha 0.1 */
    public static Augmenter eda() {
        return new Eda(0.1);
    }

    /** @param corpus document frequencies @return UDA's TF-IDF replacement with p 0.3 */
    public static Augmenter tfidf(TfIdfReplacement.DocumentFrequencies corpus) {
        return new TfIdfReplacement(corpus, 0.3);
    }

    /** @param model a model loaded with its MLM head @param maxLength tokens read per text @return 15% of pieces, top 10 */
    public static Augmenter maskedLm(TextModel model, int maxLength) {
        return new MaskedLmSubstitution(model, 0.15, 10, maxLength);
    }
}
