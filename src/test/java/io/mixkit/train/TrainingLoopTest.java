package io.mixkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.mixkit.MixKitRuntime;
import io.mixkit.mix.LambdaMode;
import io.mixkit.train.strategy.Erm;
import io.mixkit.train.strategy.StageMix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop is modality-free: a small MLP on the UCI digits (real data) trains through the same
 * Trainer, with ERM and with manifold mixup (the StageMix strategy TMix uses on BERT); runs are
 * reproducible, and a killed run resumed from its checkpoint ends exactly where the uninterrupted one does.
 */
class TrainingLoopTest {

    static Digits train;
    static Digits valid;
    static Digits test;

    @BeforeAll
    static void data() throws Exception {
        MixKitRuntime.init();
        Digits all = Digits.all();
        train = all.slice(0, 1200);
        valid = all.slice(1200, 1500);
        test = all.slice(1500, all.size());
    }

    static TrainConfig config() {
        return TrainConfig.defaults().withEpochs(10).withBatchSize(32).withLearningRates(5e-3, 5e-3)
                .withSchedule(LearningRateSchedule.LINEAR, 0.1).withSeed(7);
    }

    record Run(double accuracy, float[] head, List<Double> losses, Trainer.Outcome outcome) {}

    static Run train(io.mixkit.train.MixStrategy<float[][]> strategy, TrainConfig cfg, Path state, boolean resume,
                     TrainingListener extra) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) cfg.seed());
            MlpClassifier model = new MlpClassifier(m, 64, 64, 10);
            List<Double> losses = new ArrayList<>();
            Trainer<float[][]> t = new Trainer<>(model, strategy, cfg).addListener(new TrainingListener() {
                @Override
                public void onStep(Step s) {
                    losses.add(s.loss());
                }
            });
            if (extra != null) {
                t.addListener(extra);
            }
            int before = m.getManagedArrays().size();
            Trainer.Outcome o = t.fit(FitRequest.builder(train).optValidation(valid).optStateDir(state).optResume(resume).build());
            // Nothing per step, and no optimizer state, is left on the model's manager.
            assertEquals(before, m.getManagedArrays().size(), "arrays left on the model's manager");
            double acc = Predictions.of(model, test, 64).metrics().accuracy();
            return new Run(acc, model.parameters().get("head.weight").toFloatArray(), losses, o);
        }
    }

    @Test
    void ermAndManifoldMixupLearnTheDigits() throws Exception {
        Run erm = train(new Erm<>(), config(), null, false, null);
        Run manifold = train(new StageMix<>("manifold", new int[] {0, 1, 2}, 2.0, false, LambdaMode.BATCH),
                config(), null, false, null);
        System.out.printf("digits test accuracy: ERM %.4f, manifold mixup %.4f%n", erm.accuracy, manifold.accuracy);
        // Majority class is about 10%; a trained MLP reaches about 0.9 on these 8x8 digits.
        assertTrue(erm.accuracy > 0.88, "ERM accuracy " + erm.accuracy);
        assertTrue(manifold.accuracy > 0.85, "manifold accuracy " + manifold.accuracy);
        assertTrue(erm.losses.get(erm.losses.size() - 1) < erm.losses.get(0) / 3, "loss must fall: " + erm.losses);
    }

    @Test
    void sameSeedSameRun() throws Exception {
        StageMix<float[][]> mix = new StageMix<>("manifold", new int[] {0, 1, 2}, 2.0, false, LambdaMode.BATCH);
        Run a = train(mix, config().withEpochs(1), null, false, null);
        Run b = train(mix, config().withEpochs(1), null, false, null);
        assertEquals(a.losses, b.losses);
        assertArrayEquals(a.head, b.head);
        Run c = train(mix, config().withEpochs(1).withSeed(8), null, false, null);
        assertTrue(!a.losses.equals(c.losses), "another seed must give another run");
    }

    @Test
    void killedRunResumesToTheSameEnd(@TempDir Path dir) throws Exception {
        StageMix<float[][]> mix = new StageMix<>("manifold", new int[] {0, 1, 2}, 2.0, false, LambdaMode.BATCH);
        TrainConfig cfg = config().withEpochs(2).withCheckpointEvery(10).withEvaluation(15, 0);
        Run whole = train(mix, cfg, dir.resolve("whole"), false, null);

        Path state = dir.resolve("killed");
        // Kill the run at step 47 (its last checkpoint was at step 45, by the evaluation every 15 steps).
        RuntimeException killed = assertThrows(RuntimeException.class, () -> train(mix, cfg, state, false,
                new TrainingListener() {
                    @Override
                    public void onStep(Step s) {
                        if (s.step() == 47) {
                            throw new RuntimeException("killed at step 47");
                        }
                    }
                }));
        assertEquals("killed at step 47", killed.getMessage());
        assertEquals(45, TrainingState.read(state.resolve("last")).step());
        Run resumed = train(mix, cfg, state, true, null);
        assertEquals(whole.outcome.steps(), resumed.outcome.steps());
        assertEquals(whole.outcome.bestStep(), resumed.outcome.bestStep());
        assertEquals(whole.outcome.bestAccuracy(), resumed.outcome.bestAccuracy());
        assertEquals(whole.accuracy, resumed.accuracy);
        assertArrayEquals(whole.head, resumed.head);
        // The resumed run did only the remaining steps, with the same losses as the tail of the whole run.
        List<Double> tail = whole.losses.subList(45, whole.losses.size());
        assertEquals(tail, resumed.losses);
    }

    /**
     * ERM whose label smoothing follows a running statistic of the batches seen (the share of labels below 5):
     * state that only {@link MixStrategy#state()} carries over a resume, as MixText's distribution alignment's.
     */
    static final class RunningSmoothing implements MixStrategy<float[][]> {
        private final boolean restores;
        private double share = 0.5;

        /** @param restores whether {@link #restore} takes the saved state back (false: a strategy that forgets) */
        RunningSmoothing(boolean restores) {
            this.restores = restores;
        }

        @Override
        public String name() {
            return "running-smoothing";
        }

        @Override
        public StepResult forward(StepContext<float[][]> ctx, Batch<float[][]> batch) {
            double low = java.util.Arrays.stream(batch.labels()).filter(l -> l < 5).count() / (double) batch.labels().length;
            share = 0.8 * share + 0.2 * low;
            return new StepResult(ctx.model().logits(batch.inputs(), ctx.manager(), true),
                    io.mixkit.mix.SoftTargets.smooth(io.mixkit.mix.SoftTargets.oneHot(ctx.manager(), batch.labels(),
                            ctx.numClasses()), (float) (0.5 * share)));
        }

        @Override
        public java.util.Map<String, double[]> state() {
            return java.util.Map.of("share", new double[] {share});
        }

        @Override
        public void restore(java.util.Map<String, double[]> saved) {
            if (restores) {
                share = saved.get("share")[0];
            }
        }
    }

    @Test
    void aMethodsOwnStateIsSavedAndTakenBackOnResume(@TempDir Path dir) throws Exception {
        TrainConfig cfg = config().withEpochs(2).withCheckpointEvery(10).withEvaluation(15, 0);
        Run whole = train(new RunningSmoothing(true), cfg, dir.resolve("whole"), false, null);
        List<Double> tail = whole.losses.subList(45, whole.losses.size());
        for (boolean restores : new boolean[] {true, false}) {
            Path state = dir.resolve("killed-" + restores);
            assertThrows(RuntimeException.class, () -> train(new RunningSmoothing(true), cfg, state, false,
                    new TrainingListener() {
                        @Override
                        public void onStep(Step s) {
                            if (s.step() == 47) {
                                throw new RuntimeException("killed at step 47");
                            }
                        }
                    }));
            TrainingState saved = TrainingState.read(state.resolve("last"));
            assertEquals(45, saved.step());
            assertEquals(1, saved.methodState().get("share").length, "the state is in the checkpoint");
            Run resumed = train(new RunningSmoothing(restores), cfg, state, true, null);
            if (restores) {
                assertEquals(tail, resumed.losses, "resumed with its state: the uninterrupted run's losses");
                assertArrayEquals(whole.head, resumed.head);
            } else {
                assertTrue(!tail.equals(resumed.losses), "the control: without its state the run goes elsewhere");
            }
        }
    }

    /** Head weights after one epoch of ERM with the given optimiser (null: the config's). */
    static float[] headAfter(OptimizerFactory f) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            MlpClassifier model = new MlpClassifier(m, 64, 64, 10);
            Trainer<float[][]> t = new Trainer<>(model, new Erm<>(), config().withEpochs(1));
            if (f != null) {
                t.optOptimizer(f);
            }
            t.fit(train);
            return model.parameters().get("head.weight").toFloatArray();
        }
    }

    @Test
    void anOptimizerPassedInIsTheOneUsed() throws Exception {
        float[] byConfig = headAfter(null);
        // the default is AdamW with the config's hyper-parameters, spelled out here
        assertArrayEquals(byConfig, headAfter(OptimizerFactory.adamW(0.9f, 0.999f, 1e-8f, 0.01f)));
        assertTrue(!java.util.Arrays.equals(byConfig, headAfter(OptimizerFactory.adamW(0.5f, 0.999f, 1e-8f, 0.01f))),
                "another beta1 must give other weights");
        assertTrue(!java.util.Arrays.equals(byConfig, headAfter(OptimizerFactory.sgd(0.9f, true, 0f))), "SGD differs");
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path dir) throws Exception {
        train(new Erm<>(), config().withEpochs(1), dir, false, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(new Erm<>(), config().withEpochs(1).withSeed(99), dir, true, null));
        assertTrue(e.getMessage().contains("different settings"), e.getMessage());
    }

    @Test
    void stageOutsideTheModelIsNamed() {
        StageMix<float[][]> bad = new StageMix<>("tmix", new int[] {7, 9, 12}, 0.4, true, LambdaMode.BATCH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(bad, config().withEpochs(1), null, false, null));
        assertTrue(e.getMessage().contains("mixing stage 7 is outside 0..2"), e.getMessage());
    }
}
