package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import io.mixkit.mix.SoftTargets;
import io.mixkit.train.Batch;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;

/**
 * A method that builds a mixed input before gradient recording (CutMix, SaliencyMix, PuzzleMix) and
 * then trains on it with its soft targets: {@code softCE(f(x_mix), y_mix)}.
 */
public abstract class MixedInputStrategy implements MixStrategy<ImageBatch> {

    @Override
    public final Batch<ImageBatch> beforeRecording(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        return mix(ctx, batch);
    }

    /**
     * @param ctx the step
     * @param batch the clean (augmented) batch
     * @return the mixed batch with its soft targets
     */
    public abstract Batch<ImageBatch> mix(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch);

    @Override
    public StepResult forward(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        var targets = batch.targets() != null ? batch.targets()
                : SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses());
        return new StepResult(ctx.model().logits(batch.inputs(), ctx.manager(), true), targets);
    }
}
