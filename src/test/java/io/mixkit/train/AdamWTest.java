package io.mixkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.mixkit.MixKitRuntime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * AdamW against torch.optim.AdamW's update, written out independently in double precision
 * (torch/optim/adamw.py, single-tensor path: decay, moments, bias corrections, eps after sqrt(v_hat)).
 */
class AdamWTest {

    static final double LR_W = 0.05;
    static final double LR_B = 0.2;
    static final double B1 = 0.9;
    static final double B2 = 0.999;
    static final double EPS = 1e-8;
    static final double WD = 0.1;

    @Test
    void threeStepsMatchTheTorchUpdate() {
        MixKitRuntime.init();
        float[] w0 = {0.5f, -1.5f, 2.0f, 0.03f};
        float[] b0 = {0.1f, -0.7f};
        float[] c = {1.0f, -2.0f, 0.5f, 3.0f};
        try (NDManager model = NDManager.newBaseManager()) {
            NamedParameters params = new NamedParameters(model);
            NDArray w = params.constant("dense.weight", 0f, 4);
            NDArray b = params.constant("dense.bias", 0f, 2);
            w.set(new ai.djl.ndarray.index.NDIndex(":"), model.create(w0));
            b.set(new ai.djl.ndarray.index.NDIndex(":"), model.create(b0));
            params.setRequiresGradient(true);
            AdamW opt = new AdamW(params, n -> n.endsWith(".bias") ? LR_B : LR_W, AdamW::decaysByDefault,
                    (float) B1, (float) B2, (float) EPS, (float) WD);
            for (int step = 0; step < 3; step++) {
                try (NDManager s = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // L = sum(c * w^2) + sum(b^3): dL/dw = 2 c w, dL/db = 3 b^2
                    NDArray cw = s.create(c).mul(w.square());
                    NDArray loss = cw.sum().add(b.pow(3).sum());
                    gc.backward(loss);
                }
                opt.step(1.0);
            }
            double[] wRef = reference(w0, c, true, LR_W);
            double[] bRef = reference(b0, null, false, LR_B);
            float[] wOut = w.toFloatArray();
            float[] bOut = b.toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(wRef[i], wOut[i], 2e-6, "w[" + i + "]");
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(bRef[i], bOut[i], 2e-6, "b[" + i + "]");
            }
            // The reference moved the parameters by much more than the tolerance.
            assertEquals(true, Math.abs(wRef[1] - w0[1]) > 0.1);
        }
    }

    /** torch.optim.AdamW for 3 steps; gradient 2cw (weights) or 3b^2 (bias, no decay). */
    static double[] reference(float[] p0, float[] c, boolean decay, double lr) {
        double[] p = new double[p0.length];
        double[] m = new double[p0.length];
        double[] v = new double[p0.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = p0[i];
        }
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = c != null ? 2 * c[i] * p[i] : 3 * p[i] * p[i];
                if (decay) {
                    p[i] *= 1 - lr * WD;
                }
                m[i] = B1 * m[i] + (1 - B1) * g;
                v[i] = B2 * v[i] + (1 - B2) * g * g;
                double bc1 = 1 - Math.pow(B1, t);
                double bc2 = 1 - Math.pow(B2, t);
                double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + EPS;
                p[i] -= lr / bc1 * m[i] / denom;
            }
        }
        return p;
    }
}
