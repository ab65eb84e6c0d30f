package io.mixkit.mix;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Mixing weights {@code lam ~ Beta(alpha, alpha)}, one per row of a batch.
 *
 * <p>Zhang et al., "mixup: Beyond Empirical Risk Minimization" (ICLR 2018): {@code lam ~ Beta(a, a)}.
 * MixText (Chen et al., ACL 2020) folds the draw, {@code lam = max(lam, 1 - lam)}, so that a mixed row
 * stays closer to its own input. With {@code alpha <= 0} no mixing happens and every weight is 1,
 * as in the reference implementations.
 */
public final class MixingWeights {

    private final double alpha;
    private final boolean fold;
    private final LambdaMode mode;

    /**
     * @param alpha the Beta concentration (both shape parameters); {@code <= 0} disables mixing
     * @param fold whether to return {@code max(lam, 1 - lam)}
     * @param mode how many weights are drawn per batch
     */
    public MixingWeights(double alpha, boolean fold, LambdaMode mode) {
        if (Double.isNaN(alpha)) {
            throw new IllegalArgumentException("alpha must be a number, got NaN");
        }
        this.alpha = alpha;
        this.fold = fold;
        this.mode = mode;
    }

    /**
     * Draws one weight per row.
     *
     * @param rng the seeded source
     * @param partners the partner of each row (used by {@link LambdaMode#PAIR} to share a draw)
     * @return {@code partners.length} weights in [0, 1]
     */
    public float[] sample(UniformRandomProvider rng, int[] partners) {
        int n = partners.length;
        float[] lam = new float[n];
        if (alpha <= 0) {
            java.util.Arrays.fill(lam, 1f);
            return lam;
        }
        ContinuousSampler beta = ChengBetaSampler.of(rng, alpha, alpha);
        switch (mode) {
            case BATCH -> java.util.Arrays.fill(lam, draw(beta));
            case ELEMENT -> {
                for (int i = 0; i < n; i++) {
                    lam[i] = draw(beta);
                }
            }
            case PAIR -> {
                boolean[] done = new boolean[n];
                for (int i = 0; i < n; i++) {
                    if (done[i]) {
                        continue;
                    }
                    float l = draw(beta);
                    lam[i] = l;
                    done[i] = true;
                    int j = partners[i];
                    if (partners[j] != i) {
                        throw new IllegalArgumentException(
                                "PAIR mode needs a pairing where each row's partner points back; row "
                                        + i + " -> " + j + " -> " + partners[j]);
                    }
                    if (!done[j]) {
                        // As timm's pair mode: both rows of a pair keep the same share of themselves.
                        lam[j] = l;
                        done[j] = true;
                    }
                }
            }
        }
        return lam;
    }

    private float draw(ContinuousSampler beta) {
        double l = beta.sample();
        if (fold) {
            l = Math.max(l, 1 - l);
        }
        return (float) l;
    }

    /** @return the Beta concentration */
    public double alpha() {
        return alpha;
    }
}
