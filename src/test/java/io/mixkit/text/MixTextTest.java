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
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void distributionAlignmentByHand() {
        // Two guesses over 2 classes, running mean uniform, momentum 0.5.
        double[] mean = {0.5, 0.5};
        float[] p = {0.9f, 0.1f, 0.6f, 0.4f};
        float[] out = MixText.alignDistribution(p, 2, mean, 0.5);
        // batch mean (0.75, 0.25) -> running mean 0.5 * 0.5 + 0.5 * (0.75, 0.25) = (0.625, 0.375)
        assertArrayEquals(new double[] {0.625, 0.375}, mean, 1e-7); // float inputs
        // row 0: (0.9 / 0.625, 0.1 / 0.375) = (1.44, 0.26667), normalised (0.84375, 0.15625)
        // row 1: (0.6 / 0.625, 0.4 / 0.375) = (0.96, 1.06667), normalised (0.47368, 0.52632)
        assertArrayEquals(new float[] {0.84375f, 0.15625f, 0.96f / (0.96f + 0.4f / 0.375f), (0.4f / 0.375f) / (0.96f + 0.4f / 0.375f)},
                out, 1e-6f);
        // A running mean already uniform and a balanced batch leave the guesses as they are.
        double[] uniform = {1 / 3.0, 1 / 3.0, 1 / 3.0};
        float[] balanced = {0.7f, 0.2f, 0.1f, 0.1f, 0.7f, 0.2f, 0.2f, 0.1f, 0.7f};
        assertArrayEquals(balanced, MixText.alignDistribution(balanced, 3, uniform, 0.9), 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixText.Options.builder().optDistributionAlignment(true, 1.0).build());
        assertEquals("alignment_momentum must be in [0, 1), got 1.0", e.getMessage());
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
            assertEquals(Map.of(), mt.state(), "no state without distribution alignment");

            // With distribution alignment the step keeps a running class mean, which a resumed run takes back.
            MixText aligned = new MixText(new UnlabeledViews(pool, null, cache, 2), model.tokenizer(),
                    options(0, 0, "none").toBuilder().optDistributionAlignment(true, 0.9).build(), 64);
            StepContext<EncodedBatch> ctx2 = new StepContext<>(c, m, Seeds.random(5), 1, 10);
            Batch<EncodedBatch> b2 = aligned.beforeRecording(ctx2, new Batch<>(x, new int[] {0, 1}));
            double[] mean = aligned.state().get("guess_mean");
            assertEquals(1.0, mean[0] + mean[1], 1e-6); // a mean of float probabilities
            assertTrue(Math.abs(mean[0] - 0.5) < 0.1 * 0.5 + 1e-6, "one step moves the mean by at most (1 - 0.9) / 2");
            assertTrue(b2.logged().containsKey("guess_mean_top_class"));
            MixText resumed = new MixText(new UnlabeledViews(pool, null, cache, 2), model.tokenizer(),
                    options(0, 0, "none").toBuilder().optDistributionAlignment(true, 0.9).build(), 64);
            resumed.restore(aligned.state());
            assertArrayEquals(mean, resumed.state().get("guess_mean"), 0.0);
        }
    }

    @Test
    void precomputedGuessesGiveTheTargetsOnlineGuessingGives(@TempDir Path dir) throws Exception {
        try (TextModel model = TextModel.load("minilm-l6", false); NDManager m = NDManager.newBaseManager();
             AugmentationCache cache = new AugmentationCache(dir, new Eda(0.1), 2, 1)) {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.MEAN, 2);
            List<String> texts = List.of("the battery died after a week", "best purchase i have made this year",
                    "the plot made no sense at all", "lovely staff and a great view");
            // the guess file: each text, its views, and p averaged over text and views by this classifier (dropout off),
            // each text alone (its own padding), with the classes in the file in the other order
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<String> lines = new java.util.ArrayList<>();
            for (String t : texts) {
                List<String> views = cache.views(t);
                float[] p = MixText.averageViews(c.logits(model.tokenizer().encode(List.of(t, views.get(0), views.get(1)), 64),
                        m, false).softmax(-1), 1).toFloatArray();
                var o = json.createObjectNode().put("text", t);
                views.forEach(o.putArray("augmentations")::add);
                o.putObject("guess").put("pos", p[1]).put("neg", p[0]);
                lines.add(json.writeValueAsString(o));
            }
            Path file = java.nio.file.Files.write(dir.resolve("guessed.jsonl"), lines);
            try (var pool = io.mixkit.text.unlabeled.FilePool.open(file, "text")) {
            MixText.Options online = options(0, 0, "none").toBuilder().optGuessDropout(false).build();
            MixText fromPool = new MixText(new UnlabeledViews(pool, null, null, 2, List.of("neg", "pos")), model.tokenizer(),
                    online, 64);
            MixText guessing = new MixText(new UnlabeledViews(new ListPool(texts, "pool"), null, cache, 2), model.tokenizer(),
                    online, 64);
            EncodedBatch x = model.tokenizer().encode(List.of("awful service", "wonderful food"), 64);
            Batch<EncodedBatch> a = fromPool.beforeRecording(new StepContext<>(c, m, Seeds.random(5), 1, 10), new Batch<>(x, new int[] {0, 1}));
            Batch<EncodedBatch> b = guessing.beforeRecording(new StepContext<>(c, m, Seeds.random(5), 1, 10), new Batch<>(x, new int[] {0, 1}));
            assertArrayEquals(b.inputs().inputIds()[5], a.inputs().inputIds()[5], "the same rows: views from the file");
            assertArrayEquals(b.targets().toFloatArray(), a.targets().toFloatArray(), 1e-5f);
            assertEquals(1f, a.logged().get("guess_precomputed"));
            // guess_refresh 3: the pool's guesses for updates 1..3, online guessing from update 4
            MixText refreshed = new MixText(new UnlabeledViews(pool, null, null, 2, List.of("neg", "pos")), model.tokenizer(),
                    online.toBuilder().optGuessRefresh(3).build(), 64);
            assertTrue(refreshed.usesPrecomputedGuesses(3));
            assertTrue(!refreshed.usesPrecomputedGuesses(4));
            // a guess over other classes is named with its row
            UnlabeledViews other = new UnlabeledViews(pool, null, null, 2, List.of("0", "1"));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> other.guess(2));
            assertTrue(e.getMessage().startsWith(file + ":3: the guess is over classes"), e.getMessage());
            }
        }
    }

    @Test
    void aGuessFileIsCheckedLineByLine(@TempDir Path dir) throws Exception {
        String[][] cases = {
            {"{\"text\": \"a\", \"guess\": {\"x\": 0.5, \"y\": 0.5}}\n{\"text\": \"b\"}\n", ":2: no \"guess\" field, though 1 of the 2"},
            {"{\"text\": \"a\", \"guess\": {\"x\": 0.7, \"y\": 0.5}}\n", ":1: guess sums to 1.2"},
            {"{\"text\": \"a\", \"guess\": {\"x\": \"high\", \"y\": 0.5}}\n", ":1: guess for class 'x' is \"high\", expected a probability"},
            {"{\"text\": \"a\", \"guess\": [0.5, 0.5]}\n", ":1: \"guess\" must be an object of class: probability"},
            {"{\"text\": \"a\", \"guess\": {\"x\": 0.5, \"y\": 0.5}}\n{\"text\": \"b\", \"guess\": {\"x\": 0.5, \"z\": 0.5}}\n",
                ":2: the guess is over classes [x, z], line 1's over [x, y]"},
        };
        for (String[] c : cases) {
            Path f = java.nio.file.Files.writeString(dir.resolve("g.jsonl"), c[0]);
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> io.mixkit.text.unlabeled.FilePool.open(f, "text"));
            assertTrue(e.getMessage().startsWith(f + c[1]), e.getMessage());
        }
        Path ok = java.nio.file.Files.writeString(dir.resolve("ok.jsonl"), "{\"text\": \"a\", \"guess\": {\"x\": 0.25, \"y\": 0.75}}\n");
        try (var pool = io.mixkit.text.unlabeled.FilePool.open(ok, "text")) {
            assertTrue(pool.hasGuesses());
            assertEquals(Map.of("x", 0.25, "y", 0.75), pool.suppliedGuess(0));
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
