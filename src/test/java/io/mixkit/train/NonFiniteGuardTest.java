package io.mixkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mixkit.MixKitRuntime;
import io.mixkit.mix.Scalars;
import io.mixkit.train.strategy.Erm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A NaN or inf never reaches the parameters: a digits row poisoned with NaN (a NaN loss) and a loss
 * term whose value is finite but whose gradient is not (sqrt at 0) either stop the run naming the step,
 * the cause and the last good state, or are skipped and counted.
 */
class NonFiniteGuardTest {

    static Digits digits;

    @BeforeAll
    static void data() throws Exception {
        MixKitRuntime.init();
        digits = Digits.all().slice(0, 320);
    }

    /** The digits with example {@code poisoned}'s pixels replaced by NaN. */
    record Poisoned(Digits d, int poisoned) implements BatchSource<float[][]> {
        @Override
        public int size() {
            return d.size();
        }

        @Override
        public int label(int index) {
            return d.label(index);
        }

        @Override
        public float[][] inputs(int[] indices) {
            float[][] x = d.inputs(indices).clone(); // rows may be the data's own arrays: replace, never fill
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] == poisoned) {
                    x[i] = new float[x[i].length];
                    Arrays.fill(x[i], Float.NaN);
                }
            }
            return x;
        }
    }

    /** ERM plus {@code sqrt(0 * sum(logits))}: the value is 0, its gradient 0 * inf = NaN. */
    static final class FiniteLossNanGradient implements MixStrategy<float[][]> {
        @Override
        public String name() {
            return "sqrt-at-zero";
        }

        @Override
        public StepResult forward(StepContext<float[][]> ctx, Batch<float[][]> batch) {
            NDArray logits = ctx.model().logits(batch.inputs(), ctx.manager(), true);
            NDArray targets = io.mixkit.mix.SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses());
            return new StepResult(logits, targets, Map.of("zero", Scalars.mul(logits.sum(), 0f).sqrt()));
        }
    }

    static TrainConfig config() {
        return TrainConfig.defaults().withEpochs(1).withBatchSize(32).withLearningRates(5e-3, 5e-3).withSeed(7)
                .withCheckpointEvery(2);
    }

    /** The step (1-based) whose batch holds example {@code index} in epoch 0. */
    static long stepOf(int index, TrainConfig cfg) {
        int[] order = io.mixkit.mix.Partners.permutation(digits.size(), io.mixkit.mix.Seeds.random(cfg.seed() * 7919L));
        for (int i = 0; i < order.length; i++) {
            if (order[i] == index) {
                return i / cfg.batchSize() + 1;
            }
        }
        throw new AssertionError();
    }

    @Test
    void aNanLossStopsTheRunBeforeAnyUpdateAndNamesTheLastGoodState(@TempDir Path dir) throws Exception {
        TrainConfig cfg = config();
        int bad = 100;
        long badStep = stepOf(bad, cfg);
        assertTrue(badStep > 2, "the poisoned row must come after the first checkpoint, at step " + badStep);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            MlpClassifier model = new MlpClassifier(m, 64, 64, 10);
            List<float[]> before = new ArrayList<>();
            Trainer<float[][]> t = new Trainer<>(model, new Erm<>(), cfg).addListener(new TrainingListener() {
                @Override
                public void onStep(Step s) {
                    if (s.step() == badStep - 1) {
                        model.parameters().asMap().values().forEach(p -> before.add(p.toFloatArray()));
                    }
                }
            });
            NonFiniteStepException e = assertThrows(NonFiniteStepException.class,
                    () -> t.fit(FitRequest.builder(new Poisoned(digits, bad)).optStateDir(dir).build()));
            long saved = (badStep - 1) / 2 * 2;
            assertEquals("step " + badStep + ": the loss is NaN {main=NaN}; the parameters were not updated with it; "
                    + "the last good state is " + dir.resolve("last") + " (step " + saved + ")", e.getMessage());
            assertEquals(saved, TrainingState.read(dir.resolve("last")).step());
            List<float[]> after = new ArrayList<>();
            model.parameters().asMap().values().forEach(p -> after.add(p.toFloatArray()));
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameters after the refused step");
            }
        }
    }

    @Test
    void skippingCountsTheStepsAndKeepsTheParametersFinite() throws Exception {
        TrainConfig cfg = config();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            MlpClassifier model = new MlpClassifier(m, 64, 64, 10);
            List<String> skipped = new ArrayList<>();
            Trainer.Outcome o = new Trainer<>(model, new Erm<>(), cfg).onNonFinite(NonFinitePolicy.SKIP)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onSkippedStep(long step, String what) {
                            skipped.add(step + " " + what);
                        }
                    }).fit(new Poisoned(digits, 100));
            assertEquals(1, o.skippedSteps());
            assertEquals(List.of(stepOf(100, cfg) + " the loss is NaN {main=NaN}"), skipped);
            assertEquals(10, o.steps());
            assertEquals(null, Gradients.firstNonFinite(model.state()));
        }
    }

    /** Trains on the poisoned digits with SKIP; a listener may kill the run at a step. @return the head weights */
    static float[] skipRun(int poisoned, Path state, boolean resume, long killAt, List<Trainer.Outcome> outcome)
            throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            MlpClassifier model = new MlpClassifier(m, 64, 64, 10);
            Trainer<float[][]> t = new Trainer<>(model, new Erm<>(), config()).onNonFinite(NonFinitePolicy.SKIP)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onStep(Step s) {
                            if (s.step() == killAt) {
                                throw new IllegalStateException("killed at step " + killAt);
                            }
                        }
                    });
            outcome.add(t.fit(FitRequest.builder(new Poisoned(digits, poisoned)).optStateDir(state).optResume(resume).build()));
            return model.parameters().get("head.weight").toFloatArray();
        }
    }

    @Test
    void aRunThatSkippedAStepResumesToTheSameEnd(@TempDir Path dir) throws Exception {
        // poison the first example of step 3's batch; the state saved at step 4 then holds one skipped step
        int poisoned = io.mixkit.mix.Partners.permutation(digits.size(), io.mixkit.mix.Seeds.random(config().seed() * 7919L))[2 * 32];
        assertEquals(3, stepOf(poisoned, config()));
        List<Trainer.Outcome> outcomes = new ArrayList<>();
        float[] whole = skipRun(poisoned, dir.resolve("whole"), false, -1, outcomes);
        assertThrows(IllegalStateException.class, () -> skipRun(poisoned, dir.resolve("killed"), false, 5, new ArrayList<>()));
        TrainingState saved = TrainingState.read(dir.resolve("killed").resolve("last"));
        assertEquals(4, saved.step());
        assertEquals(1, saved.skippedSteps());
        float[] resumed = skipRun(poisoned, dir.resolve("killed"), true, -1, outcomes);
        // AdamW's bias correction counts updates: the resumed optimizer must have taken one fewer than the steps
        assertArrayEquals(whole, resumed);
        assertEquals(1, outcomes.get(1).skippedSteps());
    }

    @Test
    void aFiniteLossWithANanGradientNamesTheParameter() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            MlpClassifier model = new MlpClassifier(m, 64, 64, 10);
            float[] w = model.parameters().get("head.weight").toFloatArray();
            NonFiniteStepException e = assertThrows(NonFiniteStepException.class,
                    () -> new Trainer<>(model, new FiniteLossNanGradient(), config()).fit(digits));
            String first = model.parameters().asMap().keySet().iterator().next();
            assertTrue(e.getMessage().startsWith("step 1: the gradient of " + first + " is NaN (the loss, "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("was finite); the parameters were not updated with it (no state was saved yet)"),
                    e.getMessage());
            assertArrayEquals(w, model.parameters().get("head.weight").toFloatArray());
        }
    }
}
