package io.mixkit.train.strategy;

import io.mixkit.mix.SoftTargets;
import io.mixkit.train.Batch;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;

/**
 * Empirical risk minimisation: plain cross-entropy on the clean batch (the baseline every mixup
 * paper compares against).
 *
 * @param <I> input type
 */
public final class Erm<I> implements MixStrategy<I> {

    @Override
    public String name() {
        return "erm";
    }

    @Override
    public StepResult forward(StepContext<I> ctx, Batch<I> batch) {
        return new StepResult(ctx.model().logits(batch.inputs(), ctx.manager(), true),
                SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses()));
    }
}
