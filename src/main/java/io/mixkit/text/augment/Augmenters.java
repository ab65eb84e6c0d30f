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

    /**
     * @param name eda (alpha 0.1), tfidf (p 0.3, IDF from the corpus) or mlm (15% of pieces, top 10)
     * @param corpus the texts TF-IDF statistics come from
     * @param mlmModel the model with an MLM head for mlm
     * @param maxLength tokens read per text by mlm
     * @return the augmenter
     * @throws IOException if the corpus or model cannot be read
     */
    public static Created create(String name, UnlabeledPool corpus, String mlmModel, int maxLength) throws IOException {
        switch (name) {
            case "eda":
                return new Created(new Eda(0.1), null);
            case "tfidf":
                List<String> texts = new ArrayList<>(corpus.size());
                for (int i = 0; i < corpus.size(); i++) {
                    texts.add(corpus.text(i));
                }
                return new Created(new TfIdfReplacement(texts, 0.3), null);
            case "mlm":
                TextModel m = TextModel.load(mlmModel, true);
                return new Created(new MaskedLmSubstitution(m, 0.15, 10, maxLength), m);
            default:
                throw new IllegalArgumentException("unknown augmenter '" + name + "'; expected eda, tfidf or mlm");
        }
    }
}
