package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.mixkit.mix.Scalars;
import io.mixkit.train.StageState;

/**
 * Turns token hidden states [B, T, H] into one vector per row [B, H].
 */
public enum Pooling {
    /** The first token's state ({@code [CLS]}), as BERT's classification head reads it. */
    CLS,
    /**
     * The mean over real tokens, {@code sum_t m_t h_t / sum_t m_t}, as sentence-transformers and
     * MixText's head do (the reference averages padding too; MixKit masks it out).
     */
    MEAN;

    /**
     * @param states hidden states and mask
     * @return [B, H]
     */
    public NDArray apply(StageState states) {
        NDArray h = states.value();
        if (this == CLS) {
            return h.get(new NDIndex(":, 0, :"));
        }
        NDArray m = states.mask().expandDims(-1);
        NDArray sum = h.mul(m).sum(new int[] {1});
        NDArray count = Scalars.maximum(m.sum(new int[] {1}), 1e-9f);
        return sum.div(count);
    }

    /**
     * @param name "cls" or "mean", any case
     * @return the pooling
     */
    public static Pooling parse(String name) {
        for (Pooling p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + name + "'; expected cls or mean");
    }
}
