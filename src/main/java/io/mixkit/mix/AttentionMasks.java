package io.mixkit.mix;

import ai.djl.ndarray.NDArray;

/**
 * Padding masks of mixed rows.
 *
 * <p>A row mixed from rows {@code i} and {@code perm[i]} holds real tokens wherever either source did,
 * so it attends to the union (logical OR) of the two masks, as the MixText authors recommend for
 * padded batches (the reference code used all-ones masks).
 */
public final class AttentionMasks {

    private AttentionMasks() {}

    /**
     * {@code union[i, t] = max(mask[i, t], mask[perm[i], t])}.
     *
     * @param mask [B, T] with 1 for tokens, 0 for padding (any numeric type)
     * @param perm the partner of each row
     * @return the union mask, same shape and type
     */
    public static NDArray union(NDArray mask, int[] perm) {
        long rows = mask.getShape().get(0);
        if (perm.length != rows) {
            throw new IllegalArgumentException(
                    "union: mask has " + rows + " rows but got " + perm.length + " partners");
        }
        NDArray partner = mask.get(mask.getManager().create(Interpolation.toLong(perm)));
        return mask.maximum(partner);
    }
}
