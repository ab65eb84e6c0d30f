package io.mixkit.text.strategy;

import io.mixkit.mix.SoftTargets;
import io.mixkit.text.EncodedBatch;
import io.mixkit.train.Batch;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;

/**
 * The README's worked example of adding a method, in one file: label smoothing (Szegedy et al., CVPR 2016),
 * {@code softCE(f(x), (1 - eps) y + eps / C)}. Registering it is one line
 * ({@code TextMethods.REGISTRY.register(LabelSmoothing.METHOD)}, or a line in {@link TextMethods}'s list);
 * {@code AddAMethodTest} shows the command line, presets, {@code mixkit methods} and the report taking it up.
 */
public final class LabelSmoothing implements MixStrategy<EncodedBatch> {

    /** @param smoothing the share of the target spread over all classes (0.1) */
    public record Options(double smoothing) {
        /** Validates. */
        public Options {
            if (!(smoothing >= 0 && smoothing < 1)) {
                throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
            }
        }
    }

    /** The registry entry. */
    public static final MethodSpec<EncodedBatch, TextMethodContext, Options> METHOD = MethodSpec.of("label-smoothing",
            "Szegedy et al., CVPR 2016", "softCE(f(x), (1 - eps) y + eps / C)", LabelSmoothing.class,
            new Options(0.1), (o, c) -> new LabelSmoothing(o.smoothing()));

    private final float smoothing;

    /** @param smoothing eps */
    public LabelSmoothing(double smoothing) {
        this.smoothing = (float) smoothing;
    }

    @Override
    public String name() {
        return METHOD.name();
    }

    @Override
    public StepResult forward(StepContext<EncodedBatch> ctx, Batch<EncodedBatch> batch) {
        return new StepResult(ctx.model().logits(batch.inputs(), ctx.manager(), true),
                SoftTargets.smooth(SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses()), smoothing));
    }
}
