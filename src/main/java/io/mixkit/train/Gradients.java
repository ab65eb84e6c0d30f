package io.mixkit.train;

import io.mixkit.mix.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Parameter-gradient housekeeping: reading, zeroing and global-norm clipping.
 *
 * <p>On the PyTorch engine {@code getGradient()} returns a new handle attached to the parameter's
 * (the model's) manager each time; every handle taken here is moved to a short-lived manager so
 * nothing accumulates on the model's.
 */
public final class Gradients {

    private Gradients() {}

    /**
     * @param param a parameter
     * @param scope the manager the gradient handle is moved to
     * @return the gradient (a view of the parameter's gradient storage)
     */
    public static NDArray of(NDArray param, NDManager scope) {
        NDArray g = param.getGradient();
        g.attach(scope);
        return g;
    }

    /** @param params parameters whose gradients are reset to zero */
    public static void zero(NamedParameters params) {
        for (NDArray p : params.asMap().values()) {
            if (p instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt);
            } else {
                try (NDManager scope = NDManager.newBaseManager()) {
                    NDArray g = of(p, scope);
                    g.subi(g);
                }
            }
        }
    }

    /**
     * Global-norm clipping, as {@code torch.nn.utils.clip_grad_norm_}: when {@code ||g||_2 > maxNorm}
     * over all parameters together, every gradient is scaled by {@code maxNorm / (||g|| + 1e-6)}.
     *
     * @param params the parameters
     * @param maxNorm the limit; {@code <= 0} only measures
     * @return the norm before clipping
     */
    public static double clipGlobalNorm(NamedParameters params, double maxNorm) {
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray sq = scope.zeros(new ai.djl.ndarray.types.Shape());
            for (NDArray p : params.asMap().values()) {
                sq = sq.add(of(p, scope).square().sum());
            }
            double norm = Math.sqrt(sq.getFloat());
            if (maxNorm > 0 && norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + 1e-6));
                for (NDArray p : params.asMap().values()) {
                    of(p, scope).muli(Scalars.of(scope, scale));
                }
            }
            return norm;
        }
    }
}
