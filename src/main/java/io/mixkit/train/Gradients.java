package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.mixkit.mix.Scalars;

/**
 * Parameter-gradient housekeeping: reading, zeroing, global-norm clipping and finiteness checks.
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
     * @param params the parameters
     * @return {@code ||g||_2} over all gradients together (NaN or inf when a gradient is not finite)
     */
    public static double globalNorm(NamedParameters params) {
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray sq = scope.zeros(new ai.djl.ndarray.types.Shape());
            for (NDArray p : params.asMap().values()) {
                sq = sq.add(of(p, scope).square().sum());
            }
            return Math.sqrt(sq.getFloat());
        }
    }

    /**
     * Global-norm clipping's factor, as {@code torch.nn.utils.clip_grad_norm_}, for a norm already measured by
     * {@link #globalNorm}: {@code maxNorm / (norm + 1e-6)} when {@code norm > maxNorm}, else 1. The optimiser
     * applies it ({@link Optimizer#step(double, float)}).
     *
     * @param norm the global gradient norm
     * @param maxNorm the limit; {@code <= 0} for none
     * @return the factor on every gradient
     */
    public static float clipScale(double norm, double maxNorm) {
        return maxNorm > 0 && norm > maxNorm ? (float) (maxNorm / (norm + 1e-6)) : 1f;
    }

    /**
     * @param params the parameters
     * @param factor multiplies every gradient in place (nothing is done for 1)
     */
    public static void scale(NamedParameters params, float factor) {
        if (factor != 1f) {
            try (NDManager scope = NDManager.newBaseManager()) {
                NDArray f = Scalars.of(scope, factor);
                for (NDArray p : params.asMap().values()) {
                    of(p, scope).muli(f);
                }
            }
        }
    }

    /**
     * @param params the parameters
     * @return "the gradient of NAME is NaN" (or inf) for the first parameter whose gradient is not finite, or null
     */
    public static String firstNonFiniteGradient(NamedParameters params) {
        try (NDManager scope = NDManager.newBaseManager()) {
            for (java.util.Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
                String kind = nonFinite(of(e.getValue(), scope), scope);
                if (kind != null) {
                    return "the gradient of " + e.getKey() + " is " + kind;
                }
            }
            return null;
        }
    }

    /**
     * @param arrays named arrays (parameters, buffers)
     * @return "NAME is NaN" (or inf) for the first array holding a non-finite value, or null
     */
    public static String firstNonFinite(java.util.Map<String, NDArray> arrays) {
        try (NDManager scope = NDManager.newBaseManager()) {
            for (java.util.Map.Entry<String, NDArray> e : arrays.entrySet()) {
                String kind = nonFinite(e.getValue(), scope);
                if (kind != null) {
                    return e.getKey() + " is " + kind;
                }
            }
            return null;
        }
    }

    /** NaN, inf or null; every temporary goes to {@code scope} (the array may live on the model's manager). */
    private static String nonFinite(NDArray a, NDManager scope) {
        if (!a.getDataType().isFloating()) {
            return null;
        }
        if (Optimizer.scoped(Optimizer.scoped(a.isNaN(), scope).any(), scope).getBoolean()) {
            return "NaN";
        }
        if (Optimizer.scoped(Optimizer.scoped(a.isInfinite(), scope).any(), scope).getBoolean()) {
            return "inf";
        }
        return null;
    }
}
