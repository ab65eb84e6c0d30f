package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import io.mixkit.mix.LambdaMode;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.StagedClassifier;
import io.mixkit.train.strategy.StageMix;
import java.util.Arrays;

/**
 * Manifold mixup (Verma et al., ICML 2019) on the ResNet: {@link StageMix} at a stage drawn per batch
 * from the input, group 1 and group 2 (the reference's {0, 1, 2}), alpha 2 — the same strategy as TMix.
 */
public final class ManifoldMixup {

    /**
     * @param alpha Beta concentration (2, the reference's)
     * @param mixStages the stages to draw from (null: 0, 1, 2; 0 = the input)
     */
    public record Options(double alpha, int[] mixStages) {
        /** Validates. */
        public Options {
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("alpha must be positive, got " + alpha);
            }
            if (mixStages != null && mixStages.length == 0) {
                throw new IllegalArgumentException("mix_stages must list at least one stage");
            }
        }
    }

    /** The registry entry. */
    public static final MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, Options> METHOD = MethodSpec.of("manifold",
            "Verma et al., ICML 2019", "h_k' = l h_k + (1-l) h_k[perm] at a stage k drawn per batch",
            StageMix.class, new Options(2.0, null), (o, model) -> new StageMix<>("manifold",
                    Arrays.stream(o.mixStages() != null ? o.mixStages() : new int[] {0, 1, Math.min(2, model.numStages())})
                            .distinct().toArray(), o.alpha(), false, LambdaMode.BATCH));

    private ManifoldMixup() {}
}
