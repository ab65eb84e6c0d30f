package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import io.mixkit.image.augment.CropFlip;
import io.mixkit.train.Batch;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;

/**
 * Runs a method on randomly cropped and flipped images: the augmentation is drawn from the step's
 * random source first, so a resumed run repeats it exactly.
 *
 * @param method the method
 * @param augmentation crop and flip
 */
public record Augmented(MixStrategy<ImageBatch> method, CropFlip augmentation) implements MixStrategy<ImageBatch> {

    @Override
    public String name() {
        return method.name();
    }

    @Override
    public Batch<ImageBatch> beforeRecording(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        ImageBatch x = augmentation.apply(batch.inputs(), ctx.random());
        return method.beforeRecording(ctx, new Batch<>(x, batch.labels(), batch.targets(), batch.logged()));
    }

    @Override
    public StepResult forward(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        return method.forward(ctx, batch);
    }

    @Override
    public void close() {
        method.close();
    }
}
