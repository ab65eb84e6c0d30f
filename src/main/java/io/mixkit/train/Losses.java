package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import io.mixkit.mix.Scalars;

/** Loss values used by the loop and the strategies. */
public final class Losses {

    private Losses() {}

    /**
     * Soft-target cross-entropy {@code mean_i -sum_c t_ic log softmax(z_i)_c}. With mixed targets
     * {@code t = l y_a + (1-l) y_b} it equals {@code l CE(y_a) + (1-l) CE(y_b)} (Zhang et al. 2018).
     *
     * @param logits [N, C]
     * @param targets [N, C], rows summing to 1
     * @return scalar
     */
    public static NDArray softCrossEntropy(NDArray logits, NDArray targets) {
        return softCrossEntropyRows(logits, targets).mean();
    }

    /**
     * @param logits [N, C]
     * @param targets [N, C]
     * @return [N] per-row soft cross-entropy
     */
    public static NDArray softCrossEntropyRows(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).mul(targets).sum(new int[] {-1}).neg();
    }

    /**
     * {@code KL(q_i || softmax(z_i)) = sum_c q_c (log q_c - log p_c)} per row, {@code 0 log 0 = 0};
     * MixText averages it over unlabeled rows ("batchmean").
     *
     * @param logits [N, C]
     * @param q [N, C]
     * @return [N]
     */
    public static NDArray klDivergenceRows(NDArray logits, NDArray q) {
        NDArray logQ = Scalars.maximum(q, 1e-12f).log();
        return q.mul(logQ.sub(logits.logSoftmax(-1))).sum(new int[] {-1});
    }
}
