package io.mixkit.text.strategy;

import ai.djl.ndarray.NDArray;
import io.mixkit.mix.SoftTargets;
import io.mixkit.text.EncodedBatch;
import io.mixkit.train.Batch;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MethodSpec.NoOptions;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StageState;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;

/**
 * The linear probe: the pretrained encoder frozen, a softmax (logistic-regression) head trained on its
 * pooled sentence vectors, {@code softCE(W pool(f(x)) + b, y)} with the encoder in evaluation mode and no
 * gradient into it — what SetFit's head and a practitioner's first baseline do. The run sets the encoder's
 * learning rate to 0 ({@link MethodSpec#frozenBody}), so AdamW leaves it exactly as loaded.
 */
public final class LinearProbe implements MixStrategy<EncodedBatch> {

    /** The registry entry. */
    public static final MethodSpec<EncodedBatch, TextMethodContext, NoOptions> METHOD = MethodSpec.<EncodedBatch,
                    TextMethodContext, NoOptions>of("linear-probe", "logistic regression on frozen sentence vectors",
                    "softCE(W pool(f(x)) + b, y), f frozen", LinearProbe.class, new NoOptions(),
                    (o, c) -> new LinearProbe(c.classifier().pooledStage()))
            .withFrozenBody();

    private final int pooledStage;

    /** @param pooledStage the classifier's stage of pooled sentence vectors */
    public LinearProbe(int pooledStage) {
        this.pooledStage = pooledStage;
    }

    @Override
    public String name() {
        return METHOD.name();
    }

    @Override
    public StepResult forward(StepContext<EncodedBatch> ctx, Batch<EncodedBatch> batch) {
        StageState pooled = ctx.model().forwardTo(pooledStage, batch.inputs(), ctx.manager(), false);
        NDArray features = pooled.value().stopGradient(); // no backward through the encoder
        NDArray logits = ctx.model().forwardFrom(pooledStage, new StageState(features, pooled.mask()), true);
        return new StepResult(logits, SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses()));
    }
}
