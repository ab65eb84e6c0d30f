package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import io.mixkit.train.NamedParameters;

/**
 * BERT's masked-language-model head: {@code logits = LN(act(W h + b)) E^T + bias}, with the decoder
 * tied to the word embedding table {@code E} (Devlin et al. 2019). Used by {@code fill-mask} and by
 * contextual augmentation.
 */
public final class MaskedLmHead {

    private final BertEncoder encoder;
    private final NamedParameters params;

    /**
     * Creates the head's parameters ({@code cls.predictions.*}) next to the encoder's.
     *
     * @param encoder the encoder whose word embeddings the decoder shares
     */
    public MaskedLmHead(BertEncoder encoder) {
        this.encoder = encoder;
        this.params = encoder.parameters();
        int h = encoder.config().hiddenSize();
        params.normal("cls.predictions.transform.dense.weight", 0.02f, h, h);
        params.constant("cls.predictions.transform.dense.bias", 0f, h);
        params.constant("cls.predictions.transform.LayerNorm.weight", 1f, h);
        params.constant("cls.predictions.transform.LayerNorm.bias", 0f, h);
        params.constant("cls.predictions.bias", 0f, encoder.config().vocabSize());
    }

    /**
     * @param hidden [N, H] hidden states of the masked positions
     * @return [N, V] vocabulary logits
     */
    public NDArray logits(NDArray hidden) {
        NDArray x = encoder.linear(hidden, "cls.predictions.transform.dense").getNDArrayInternal().gelu();
        x = encoder.layerNorm(x, "cls.predictions.transform.LayerNorm");
        return Linear.linear(x, params.get("embeddings.word_embeddings.weight"), params.get("cls.predictions.bias"))
                .singletonOrThrow();
    }
}
