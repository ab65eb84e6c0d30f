package io.mixkit.mix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Soft target distributions: one-hot, mixed, smoothed and sharpened.
 *
 * <ul>
 *   <li>mixup targets: {@code y'[i] = l[i] * y[i] + (1 - l[i]) * y[perm[i]]} (Zhang et al. 2018);
 *   <li>label smoothing: {@code y' = (1 - eps) * y + eps / C} (Szegedy et al. 2016);
 *   <li>sharpening: {@code q = p^(1/T) / sum_c p_c^(1/T)} (MixMatch, Berthelot et al. 2019; MixText).
 * </ul>
 */
public final class SoftTargets {

    private SoftTargets() {}

    /**
     * One-hot rows for integer labels.
     *
     * @param manager where the result lives
     * @param labels class indices
     * @param numClasses C
     * @return [N, C] float32
     */
    public static NDArray oneHot(NDManager manager, int[] labels, int numClasses) {
        float[] data = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i
                        + " is outside 0.." + (numClasses - 1));
            }
            data[i * numClasses + labels[i]] = 1f;
        }
        return manager.create(data, new Shape(labels.length, numClasses));
    }

    /**
     * Mixes target rows with their partners' with per-row weights.
     *
     * @param targets [N, C]
     * @param perm partner of each row
     * @param lam weight of each row's own target
     * @return [N, C]
     */
    public static NDArray mix(NDArray targets, int[] perm, float[] lam) {
        return Interpolation.mixRows(targets, perm, lam);
    }

    /**
     * Label smoothing towards the uniform distribution.
     *
     * @param targets [N, C] distributions
     * @param epsilon the mass moved to the uniform distribution, in [0, 1]
     * @return [N, C]
     */
    public static NDArray smooth(NDArray targets, float epsilon) {
        if (epsilon < 0 || epsilon > 1) {
            throw new IllegalArgumentException("label smoothing epsilon must be in [0, 1], got " + epsilon);
        }
        long c = targets.getShape().get(targets.getShape().dimension() - 1);
        return Scalars.add(Scalars.mul(targets, 1 - epsilon), epsilon / c);
    }

    /**
     * Temperature sharpening of probability rows.
     *
     * @param probs [N, C] probabilities
     * @param temperature T &gt; 0; T &lt; 1 sharpens, T = 1 is the identity
     * @return [N, C] rows summing to 1
     */
    public static NDArray sharpen(NDArray probs, float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("sharpening temperature must be positive, got " + temperature);
        }
        NDArray p = Scalars.pow(probs.toType(DataType.FLOAT32, false), 1f / temperature);
        return p.div(p.sum(new int[] {-1}, true));
    }
}
