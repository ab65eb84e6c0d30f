package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import io.mixkit.mix.GridMasks;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.MixingWeights;
import io.mixkit.mix.Partners;
import io.mixkit.train.Batch;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StagedClassifier;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;
import io.mixkit.train.strategy.StageMix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Input mixup (Zhang et al., ICLR 2018): {@code x' = l x + (1 - l) x[perm]}, {@code y' = l y + (1 - l) y[perm]},
 * {@code l ~ Beta(alpha, alpha)} per batch. It is {@link StageMix} at stage 0 (the normalised input: the
 * normalisation is affine, so mixing before or after it is the same), and it can draw itself.
 */
public final class InputMixup implements MixStrategy<ImageBatch>, DrawsMixes {

    /** @param alpha Beta concentration (1, the reference's) */
    public record Options(double alpha) {
        /** Validates. */
        public Options {
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("alpha must be positive, got " + alpha);
            }
        }
    }

    /** The registry entry. */
    public static final MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, Options> METHOD = MethodSpec.of("mixup",
            "Zhang, Cisse, Dauphin & Lopez-Paz, ICLR 2018", "x' = l x + (1-l) x[perm], l ~ Beta(alpha, alpha)",
            InputMixup.class, new Options(1.0), (o, model) -> new InputMixup(o.alpha()));

    private final double alpha;
    private final StageMix<ImageBatch> mix;

    /** @param alpha Beta concentration */
    public InputMixup(double alpha) {
        this.alpha = alpha;
        this.mix = new StageMix<>("mixup", new int[] {0}, alpha, false, LambdaMode.BATCH);
    }

    @Override
    public String name() {
        return mix.name();
    }

    @Override
    public Batch<ImageBatch> beforeRecording(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        return mix.beforeRecording(ctx, batch);
    }

    @Override
    public StepResult forward(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        return mix.forward(ctx, batch);
    }

    @Override
    public MixDrawing drawMixes(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch, int rows, float fixedLam,
                                List<String> classNames) {
        ImageBatch x = batch.inputs();
        int n = x.count();
        int[] perm = Partners.permutation(n, ctx.random());
        float drawn = new MixingWeights(alpha, false, LambdaMode.BATCH).sample(ctx.random(), perm)[0];
        float w = Float.isNaN(fixedLam) ? drawn : fixedLam;
        float[] mask = new float[x.height() * x.width()];
        Arrays.fill(mask, w);
        List<MixDrawing.Row> out = new ArrayList<>();
        for (int i = 0; i < Math.min(rows, n); i++) {
            out.add(MixDrawing.pair(x, i, perm[i], mask, GridMasks.mix(x.image(i), x.image(perm[i]), mask), w,
                    batch.labels(), classNames, ""));
        }
        return new MixDrawing("input mixup, " + (Float.isNaN(fixedLam) ? "alpha " + alpha : "lam " + fixedLam),
                MixDrawing.PAIR_COLUMNS, out);
    }
}
