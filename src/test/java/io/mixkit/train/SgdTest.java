package io.mixkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.mixkit.MixKitRuntime;
import org.junit.jupiter.api.Test;

/**
 * SGD against torch.optim.SGD's update (dampening 0, Nesterov, coupled weight decay), written out
 * independently in double precision, and the step schedule.
 */
class SgdTest {

    @Test
    void threeNesterovStepsMatchTheTorchUpdate() {
        MixKitRuntime.init();
        float[] w0 = {0.5f, -1.5f, 2.0f, 0.03f};
        float[] c = {1.0f, -2.0f, 0.5f, 3.0f};
        double lr = 0.05;
        double mu = 0.9;
        double wd = 0.1;
        try (NDManager model = NDManager.newBaseManager()) {
            NamedParameters params = new NamedParameters(model);
            NDArray w = params.constant("dense.weight", 0f, 4);
            w.set(new ai.djl.ndarray.index.NDIndex(":"), model.create(w0));
            params.setRequiresGradient(true);
            try (Sgd opt = new Sgd(params, n -> lr, (float) mu, true, (float) wd)) {
                for (int step = 0; step < 3; step++) {
                    try (NDManager s = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(s.create(c).mul(w.square()).sum()); // dL/dw = 2 c w
                    }
                    opt.step(1.0);
                }
                assertEquals(3, opt.steps());
            }
            float[] out = w.toFloatArray();
            for (int i = 0; i < 4; i++) {
                double p = w0[i];
                double b = 0;
                for (int step = 0; step < 3; step++) {
                    double g = 2 * c[i] * p + wd * p;
                    b = step == 0 ? g : mu * b + g;
                    p -= lr * (g + mu * b);
                }
                assertEquals(p, out[i], 2e-6, "w[" + i + "]");
                assertTrue(Math.abs(p - w0[i]) > 0.01);
            }
        }
    }

    @Test
    void stepScheduleDecaysAtOneAndTwoThirds() {
        assertEquals(1.0, LearningRateSchedule.STEP.factor(0, 300, 0));
        assertEquals(1.0, LearningRateSchedule.STEP.factor(99, 300, 0));
        assertEquals(0.1, LearningRateSchedule.STEP.factor(100, 300, 0));
        assertEquals(0.01, LearningRateSchedule.STEP.factor(200, 300, 0));
        assertEquals(0.5, LearningRateSchedule.STEP.factor(5, 300, 10));
    }
}
