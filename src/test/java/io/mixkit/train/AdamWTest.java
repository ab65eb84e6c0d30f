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

    /**
     * The fused pass against the update in libtorch ops, bit for bit: parameters of odd sizes (one large
     * enough to be split between workers, chunk boundaries inside it), a bias without decay, two groups'
     * learning rates, a schedule factor and a clipping factor.
     */
    @Test
    void fusedPassEqualsLibtorchOpsBitForBit() {
        MixKitRuntime.init();
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (NDManager model = NDManager.newBaseManager()) {
                model.getEngine().setRandomSeed(7);
                NamedParameters params = new NamedParameters(model);
                NDArray big = params.normal("enc.dense.weight", 0.5f, 3, 100_003);
                NDArray bias = params.normal("enc.dense.bias", 0.5f, 4097);
                NDArray head = params.normal("head.weight", 0.5f, 5, 7);
                NDArray c = model.randomNormal(new ai.djl.ndarray.types.Shape(3, 100_003));
                params.setRequiresGradient(true);
                AdamW opt = new AdamW(params, n -> n.startsWith("head") ? 1e-2 : 3e-3, AdamW::decaysByDefault,
                        0.9f, 0.999f, 1e-6f, 0.01f);
                opt.fusedPass = run == 0;
                float before = big.getFloat(2, 100_000);
                float[] gradScale = {1f, 0.37f, 1f};
                double[] lrScale = {0.5, 1.0, 0.8};
                for (int step = 0; step < 3; step++) {
                    try (NDManager s = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = c.mul(big.square()).sum().add(bias.pow(3).sum()).add(head.exp().sum());
                        gc.backward(loss);
                    }
                    opt.step(lrScale[step], gradScale[step]);
                    assertEquals(run == 0 ? 3 : 0, opt.fusedLastStep, "parameters the fused passes updated");
                }
                float[] out = new float[(int) (big.size() + bias.size() + head.size())];
                System.arraycopy(big.toFloatArray(), 0, out, 0, (int) big.size());
                System.arraycopy(bias.toFloatArray(), 0, out, (int) big.size(), (int) bias.size());
                System.arraycopy(head.toFloatArray(), 0, out, (int) (big.size() + bias.size()), (int) head.size());
                results[run] = out;
                assertEquals(true, Math.abs(big.getFloat(2, 100_000) - before) > 1e-4, "the update moved the parameters");
                opt.close();
            }
        }
        int differing = 0;
        for (int i = 0; i < results[0].length; i++) {
            if (Float.floatToIntBits(results[0][i]) != Float.floatToIntBits(results[1][i])) {
                differing++;
            }
        }
        assertEquals(0, differing, "elements where the fused pass and libtorch's ops differ");
    }
}
