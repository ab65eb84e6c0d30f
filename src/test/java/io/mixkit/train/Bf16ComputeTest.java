package io.mixkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mixkit.MixKitRuntime;
import io.mixkit.text.Pooling;
import io.mixkit.text.TextModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bf16 matrix products: values and gradients against fp32 within bf16's precision (8 significant bits:
 * relative error about 2^-8 per rounding), and MiniLM sentence vectors within cosine 0.999 of fp32.
 */
class Bf16ComputeTest {

    static double maxRelative(NDArray got, NDArray want) {
        float[] g = got.toFloatArray();
        float[] w = want.toFloatArray();
        double scale = 0;
        double err = 0;
        for (int i = 0; i < w.length; i++) {
            scale = Math.max(scale, Math.abs(w[i]));
            err = Math.max(err, Math.abs(g[i] - w[i]));
        }
        return err / scale;
    }

    @Test
    void linearAndMatMulMatchFp32AndPassGradients() {
        MixKitRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(4, 7, 64));
            NDArray w = m.randomNormal(new Shape(32, 64));
            NDArray b = m.randomNormal(new Shape(32));
            w.setName("encoder.layer.0.attention.self.query.weight"); // named like a parameter, as in the encoder
            NDArray want = x.matMul(w.transpose()).add(b);
            assertEquals(want.getShape(), Bf16Compute.linear(x, w, b).getShape());
            double linearError = maxRelative(Bf16Compute.linear(x, w, b), want);
            assertTrue(linearError < 2e-2, "within bf16 precision: " + linearError);
            assertTrue(linearError > 1e-4, "computed in bf16, not fp32 (error " + linearError + ")");
            NDArray a2 = m.randomNormal(new Shape(2, 3, 8, 16));
            NDArray b2 = m.randomNormal(new Shape(2, 3, 16, 8));
            double matMulError = maxRelative(Bf16Compute.matMul(a2, b2), a2.matMul(b2));
            assertTrue(matMulError < 2e-2 && matMulError > 1e-4, "bf16 precision, not fp32: " + matMulError);

            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(x.matMul(w.transpose()).add(b).square().sum());
            }
            NDArray fp32Grad = w.getGradient().duplicate();
            NDArray w2 = w.duplicate(); // a fresh parameter: gradients accumulate
            w2.setName(w.getName());
            w2.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Bf16Compute.linear(x, w2, b).square().sum());
            }
            NDArray bf16Grad = w2.getGradient();
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, bf16Grad.getDataType());
            double rel = maxRelative(bf16Grad, fp32Grad);
            assertTrue(rel < 3e-2, "gradient within bf16 precision: " + rel);
        }
    }

    @Test
    void trainingInBf16LeavesNoArrayOnTheModelsManager() throws Exception {
        MixKitRuntime.init();
        List<String> texts = List.of("good", "bad and cold", "great value for money", "never again, rude staff");
        try (TextModel model = TextModel.load("minilm-l6", false)) {
            model.encoder().setPrecision(Precision.BF16);
            var c = new io.mixkit.text.TextClassifier(model.encoder(), Pooling.MEAN, 2);
            var data = new io.mixkit.text.data.TextBatchSource(texts, new int[] {1, 0, 1, 0}, model.tokenizer(), 16);
            var config = TrainConfig.defaults().withBatchSize(2).withMaxSteps(2);
            new Trainer<>(c, new io.mixkit.train.strategy.Erm<io.mixkit.text.EncodedBatch>(), config).fit(data); // warm
            int before = model.manager().getManagedArrays().size();
            new Trainer<>(c, new io.mixkit.train.strategy.Erm<io.mixkit.text.EncodedBatch>(), config)
                    .fit(io.mixkit.train.FitRequest.builder(data).optValidation(data).build());
            assertEquals(before, model.manager().getManagedArrays().size(),
                    "the parameters' views made for the module belong to the step, not to the model");
        }
    }

    @Test
    void miniLmSentenceVectorsStayWithinCosine0999() throws Exception {
        MixKitRuntime.init();
        List<String> texts = List.of("a short text", "The food was cold and the staff were rude.",
                "Mixup interpolates the hidden states of two examples and their labels.");
        try (TextModel model = TextModel.load("minilm-l6", false); NDManager m = NDManager.newBaseManager()) {
            var batch = model.tokenizer().encode(texts, 64);
            NDArray fp32 = Pooling.MEAN.apply(model.encoder().forwardFrom(0, model.encoder().forwardTo(0, batch, m, false), false));
            model.encoder().setPrecision(Precision.BF16);
            NDArray bf16 = Pooling.MEAN.apply(model.encoder().forwardFrom(0, model.encoder().forwardTo(0, batch, m, false), false));
            model.encoder().setPrecision(Precision.FP32);
            for (int i = 0; i < texts.size(); i++) {
                NDArray u = fp32.get(i);
                NDArray v = bf16.get(i);
                double cos = u.dot(v).getFloat() / Math.sqrt(u.dot(u).getFloat() * v.dot(v).getFloat());
                assertTrue(cos > 0.999, "cosine " + cos + " for text " + i);
            }
        }
    }
}
