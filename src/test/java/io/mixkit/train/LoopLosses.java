package io.mixkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.mixkit.MixKitRuntime;
import io.mixkit.mix.LambdaMode;
import io.mixkit.train.strategy.Erm;
import io.mixkit.train.strategy.StageMix;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints the per-step losses of the MLP loop test's runs (ERM and manifold mixup, one epoch over
 * 1,200 UCI digits, seed 7), one line each, for {@code eval/identical-results.sh}: a refactoring of the
 * loop must leave them bit-identical.
 */
public final class LoopLosses {

    private LoopLosses() {}

    public static void main(String[] args) throws Exception {
        MixKitRuntime.init();
        Digits train = Digits.all().slice(0, 1200);
        TrainConfig cfg = TrainingLoopTest.config().withEpochs(1);
        for (MixStrategy<float[][]> s : List.<MixStrategy<float[][]>>of(new Erm<>(),
                new StageMix<>("manifold", new int[] {0, 1, 2}, 2.0, false, LambdaMode.BATCH))) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed((int) cfg.seed());
                MlpClassifier model = new MlpClassifier(m, 64, 64, 10);
                List<String> losses = new ArrayList<>();
                new Trainer<>(model, s, cfg).addListener(new TrainingListener() {
                    @Override
                    public void onStep(Step st) {
                        losses.add(Double.toString(st.loss()));
                    }
                }).fit(train);
                System.out.println(s.name() + " " + String.join(" ", losses));
            }
        }
    }
}
