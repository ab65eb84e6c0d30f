package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mixkit.MixKitRuntime;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.MixingWeights;
import io.mixkit.mix.Seeds;
import io.mixkit.mix.SoftTargets;
import io.mixkit.text.augment.AugmentationCache;
import io.mixkit.text.augment.Eda;
import io.mixkit.text.strategy.MixText;
import io.mixkit.text.unlabeled.ListPool;
import io.mixkit.text.unlabeled.UnlabeledViews;
import io.mixkit.train.Batch;
import io.mixkit.train.StageState;
import io.mixkit.train.StepContext;
import io.mixkit.train.strategy.StageMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MixText's pieces against hand-computed values, and one real step on MiniLM. */
class MixTextTest {

    /** Views of an empty pool, for the pieces that never draw unlabeled texts. */
    static final UnlabeledViews EMPTY_VIEWS = new UnlabeledViews(new ListPool(List.of("unused"), "none"), null, null, 1);

    static MixText.Options options(double entropyWeight, double confidence, String tsa) {
        return MixText.Options.builder().optUnlabeledBatchSize(3).optAlpha(16).optMixLayers(new int[] {4, 5, 6})
                .optEntropy(entropyWeight, 0.7).optConfidenceThreshold(confidence).optTsa(tsa).build();
    }

    @Test
    void labelGuessingAveragesViewsThenSharpens() {
        MixKitRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            // U = 2 texts, V = 3 (original + 2 views), view-major rows.
            NDArray probs = m.create(new float[] {
                0.6f, 0.4f, 0.9f, 0.1f,     // originals of text 0 and 1
                0.8f, 0.2f, 0.7f, 0.3f,     // view 1
                0.4f, 0.6f, 0.8f, 0.2f},    // view 2
                    new Shape(6, 2));
            NDArray p = MixText.averageViews(probs, 2);
            // text 0: (0.6+0.8+0.4)/3 = 0.6 ; text 1: (0.9+0.7+0.8)/3 = 0.8
            assertArrayEquals(new float[] {0.6f, 0.4f, 0.8f, 0.2f}, p.toFloatArray(), 1e-6f);
            NDArray q = SoftTargets.sharpen(p, 0.5f);
            // T = 0.5: 0.36/(0.36+0.16) = 0.692308; 0.64/(0.64+0.04) = 0.941176
            assertArrayEquals(new float[] {0.36f / 0.52f, 0.16f / 0.52f, 0.64f / 0.68f, 0.04f / 0.68f},
                    q.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void foldedWeightAndOnePermutationOverLabeledAndUnlabeledRows() {
        MixKitRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            // 2 labeled rows then 4 unlabeled rows; hidden size 1 so every row is its own index.
            NDArray h = m.create(new float[] {0, 1, 2, 3, 4, 5}, new Shape(6, 1));
            NDArray targets = m.create(new float[] {1, 0, 0, 1, .7f, .3f, .7f, .3f, .2f, .8f, .2f, .8f}, new Shape(6, 2));
            MixingWeights folded = new MixingWeights(16, true, LambdaMode.BATCH);
            boolean crossed = false;
            for (int seed = 0; seed < 20; seed++) {
                StageMix.Mixed mx = StageMix.mixSoft(5, new StageState(h, null), targets, folded, Seeds.random(seed));
                float l = mx.lambda()[0];
                assertTrue(l >= 0.5f, "max(l, 1-l) keeps each row closer to itself: " + l);
                float[] v = mx.state().value().toFloatArray();
                float[] t = mx.targets().toFloatArray();
                float[] tt = targets.toFloatArray();
                for (int i = 0; i < 6; i++) {
                    int j = mx.perm()[i];
                    assertEquals(l * i + (1 - l) * j, v[i], 1e-5f);
                    assertEquals(l * tt[2 * i] + (1 - l) * tt[2 * j], t[2 * i], 1e-6f);
                    crossed |= (i < 2) != (j < 2);
                }
            }
            assertTrue(crossed, "labeled rows must mix with unlabeled rows under some draws");
        }
    }

    @Test
    void klTermRampAndEntropyHingeByHand() {
        MixKitRuntime.init();
        MixText mt = new MixText(EMPTY_VIEWS, null, options(0.5, 0, "none"), 64);
        try (NDManager m = NDManager.newBaseManager()) {
            // 1 labeled row, 2 unlabeled rows, 2 classes.
            NDArray logits = m.create(new float[] {2, 0, 0, 1, 1, 1}, new Shape(3, 2));
            NDArray targets = m.create(new float[] {0.75f, 0.25f, 0.5f, 0.5f, 0.9f, 0.1f}, new Shape(3, 2));
            NDArray mask = m.ones(new Shape(3));
            Map<String, NDArray> l = mt.losses(logits, targets, mask, 1, 50, 200, 2);
            double[][] p = {softmax(2, 0), softmax(0, 1), softmax(1, 1)};
            double lx = -(0.75 * Math.log(p[0][0]) + 0.25 * Math.log(p[0][1]));
            double kl1 = 0.5 * Math.log(0.5 / p[1][0]) + 0.5 * Math.log(0.5 / p[1][1]);
            double kl2 = 0.9 * Math.log(0.9 / p[2][0]) + 0.1 * Math.log(0.1 / p[2][1]);
            double ramp = 50.0 / 200;
            assertEquals(lx, l.get("labeled").getFloat(), 1e-5);
            assertEquals(ramp * (kl1 + kl2) / 2, l.get("unlabeled").getFloat(), 1e-5);
            double h1 = -(p[1][0] * Math.log(p[1][0]) + p[1][1] * Math.log(p[1][1]));
            double h2 = Math.log(2);
            double hinge = 0.5 * (Math.max(0, h1 - 0.7) + Math.max(0, h2 - 0.7)) / 2;
            assertEquals(hinge, l.get("entropy").getFloat(), 1e-5);
            assertEquals(0.25, MixText.rampWeight(1.0, 50, 200));
            assertEquals(1.0, MixText.rampWeight(1.0, 300, 200));
        }
    }

    @Test
    void confidenceMaskingAndTsa() {
        MixKitRuntime.init();
        assertEquals(0.5 + 0.5 * 0.25, MixText.tsaThreshold("linear", 50, 200, 2), 1e-12);
        assertEquals(0.5 + 0.5 * Math.exp(-0.75 * 5), MixText.tsaThreshold("exp", 50, 200, 2), 1e-12);
        MixText mt = new MixText(EMPTY_VIEWS, null, options(0, 0.8, "linear"), 64);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {5, 0, 0, 1, 1, 1}, new Shape(3, 2));
            NDArray targets = m.create(new float[] {1, 0, 0.5f, 0.5f, 0.9f, 0.1f}, new Shape(3, 2));
            NDArray mask = m.create(new float[] {1, 0, 1});  // unlabeled row 1 was not confident
            Map<String, NDArray> l = mt.losses(logits, targets, mask, 1, 50, 200, 2);
            // The labeled row is predicted at 0.993 > eta = 0.625: TSA leaves it out, Lx = 0.
            assertEquals(0, l.get("labeled").getFloat(), 1e-7);
            double[] p = softmax(1, 1);
            double kl2 = 0.9 * Math.log(0.9 / p[0]) + 0.1 * Math.log(0.1 / p[1]);
            assertEquals(0.25 * kl2 / 2, l.get("unlabeled").getFloat(), 1e-5);
        }
    }

    static double[] softmax(double a, double b) {
        double ea = Math.exp(a);
        double eb = Math.exp(b);
        return new double[] {ea / (ea + eb), eb / (ea + eb)};
    }

    @Test
    void oneStepOnMiniLm(@TempDir Path dir) throws Exception {
        try (TextModel model = TextModel.load("minilm-l6", false); NDManager m = NDManager.newBaseManager();
             AugmentationCache cache = new AugmentationCache(dir, new Eda(0.1), 2, 1)) {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.MEAN, 2);
            c.parameters().setRequiresGradient(true);
            ListPool pool = new ListPool(List.of("the battery died after a week", "best purchase i have made this year",
                    "the plot made no sense at all", "lovely staff and a great view"), "test pool");
            MixText mt = new MixText(new UnlabeledViews(pool, null, cache, 2), model.tokenizer(), options(0, 0, "none"), 64);
            EncodedBatch x = model.tokenizer().encode(List.of("awful service", "wonderful food"), 64);
            StepContext<EncodedBatch> ctx = new StepContext<>(c, m, Seeds.random(5), 1, 10);
            Batch<EncodedBatch> b = mt.beforeRecording(ctx, new Batch<>(x, new int[] {0, 1}));
            // Rows [x (2), view1 (3), view2 (3), orig (3)]; targets [y, q, q, q] then the confidence column.
            assertEquals(2 + 3 * 3, b.inputs().size());
            float[] t = b.targets().toFloatArray();
            assertArrayEquals(new float[] {1, 0, 1}, java.util.Arrays.copyOfRange(t, 0, 3), 1e-6f);
            assertArrayEquals(new float[] {0, 1, 1}, java.util.Arrays.copyOfRange(t, 3, 6), 1e-6f);
            for (int r = 2; r < 5; r++) {
                for (int v = 1; v <= 2; v++) {
                    assertEquals(t[r * 3], t[(r + 3 * v) * 3], 1e-6f, "the same guess for every view of a text");
                }
                assertEquals(1f, t[r * 3] + t[r * 3 + 1], 1e-5f);
            }
            var result = mt.forward(ctx, b);
            assertEquals(List.of("labeled", "unlabeled"), List.copyOf(result.extraLosses().keySet()));
            assertTrue(result.extraLosses().get("unlabeled").getFloat() >= 0);
            assertEquals(3, cache.computed(), "views computed once for each of the 3 distinct texts drawn (seed 5)");
        }
    }

    @Test
    void everyTextMethodLeavesNothingOnTheModelsManager(@TempDir Path dir) throws Exception {
        try (TextModel model = TextModel.load("minilm-l6", false);
             AugmentationCache cache = new AugmentationCache(dir, new Eda(0.1), 1, 1)) {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.MEAN, 2);
            List<String> texts = List.of("awful service", "wonderful food", "cold soup and rude staff",
                    "a lovely evening", "never again", "highly recommended");
            var data = new io.mixkit.text.data.TextBatchSource(texts, new int[] {0, 1, 0, 1, 0, 1}, model.tokenizer(), 32);
            ListPool pool = new ListPool(texts, "pool");
            var config = io.mixkit.train.TrainConfig.defaults().withBatchSize(6).withMaxSteps(2);
            int before = model.manager().getManagedArrays().size();
            var registry = io.mixkit.text.strategy.TextMethods.REGISTRY;
            for (var spec : registry.all().stream().filter(m -> !m.semiSupervised()).toList()) {
                String method = spec.name();
                new io.mixkit.train.Trainer<>(c, registry.create(method, io.mixkit.text.strategy.TextMethodContext.of(c)), config)
                        .fit(io.mixkit.train.FitRequest.builder(data).optValidation(data).build());
                assertEquals(before, model.manager().getManagedArrays().size(), method);
            }
            new io.mixkit.train.Trainer<>(c, new MixText(new UnlabeledViews(pool, null, cache, 1), model.tokenizer(),
                    options(0.1, 0.5, "linear"), 64), config).fit(io.mixkit.train.FitRequest.builder(data).optValidation(data).build());
            assertEquals(before, model.manager().getManagedArrays().size(), "mixtext");
        }
    }
}
