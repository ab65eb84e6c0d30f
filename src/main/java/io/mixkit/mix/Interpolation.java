package io.mixkit.mix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Row interpolation {@code h'[i] = l[i] * h[i] + (1 - l[i]) * h[perm[i]]}.
 *
 * <p>The one formula behind input mixup (Zhang et al. 2018, stage 0 of an image model), manifold
 * mixup (Verma et al. 2019) and TMix (Chen et al. 2020, hidden states of a BERT layer): only the
 * stage at which it is applied differs. {@code h} may have any rank; the weight broadcasts over all
 * axes after the first.
 */
public final class Interpolation {

    private Interpolation() {}

    /**
     * Mixes every row with its partner.
     *
     * @param h the batch, rows along axis 0
     * @param perm the partner of each row
     * @param lam the weight of each row's own value
     * @return the mixed batch, on {@code h}'s manager, same shape and type
     */
    public static NDArray mixRows(NDArray h, int[] perm, float[] lam) {
        long rows = h.getShape().get(0);
        if (perm.length != rows || lam.length != rows) {
            throw new IllegalArgumentException("mixRows: tensor has " + rows + " rows but got "
                    + perm.length + " partners and " + lam.length + " weights");
        }
        NDArray partner = h.get(h.getManager().create(toLong(perm)));
        long[] bshape = new long[h.getShape().dimension()];
        java.util.Arrays.fill(bshape, 1);
        bshape[0] = rows;
        NDArray l = h.getManager().create(lam, new Shape(bshape)).toType(h.getDataType(), false);
        // h*l + partner*(1-l), written as partner + l*(h - partner) to save one temporary.
        return partner.add(h.sub(partner).mul(l));
    }

    static long[] toLong(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }
}
