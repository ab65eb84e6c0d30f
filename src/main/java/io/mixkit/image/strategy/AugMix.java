package io.mixkit.image.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.mixkit.image.ImageBatch;
import io.mixkit.image.augment.AugMixOps;
import io.mixkit.mix.Scalars;
import io.mixkit.mix.SoftTargets;
import io.mixkit.train.Batch;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.StagedClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AugMix with the Jensen-Shannon consistency loss (Hendrycks et al., ICLR 2020):
 * the clean batch and two AugMix views of it go through the model together, and
 * <pre>
 *   loss = CE(p_clean, y) + lambda * (KL(p_clean || M) + KL(p_aug1 || M) + KL(p_aug2 || M)) / 3,
 *   M = clamp((p_clean + p_aug1 + p_aug2) / 3, 1e-7, 1)
 * </pre>
 * with {@code lambda = 12} as in the reference ({@code F.kl_div(log M, p, reduction='batchmean')}).
 */
public final class AugMix implements MixStrategy<ImageBatch>, DrawsMixes {

    /**
     * @param severity operation strength 1..10 (3)
     * @param width chains (3)
     * @param depth operations per chain, or -1 for 1..3 at random (-1)
     * @param mixAlpha Dirichlet and Beta concentration of the chains' mix (1)
     * @param jsWeight weight of the Jensen-Shannon term (12)
     */
    public record Options(int severity, int width, int depth, double mixAlpha, double jsWeight) {
        /** Validates. */
        public Options {
            if (!(jsWeight >= 0)) {
                throw new IllegalArgumentException("js_weight must be at least 0, got " + jsWeight);
            }
            new AugMixOps(severity, width, depth, mixAlpha); // its own checks
        }
    }

    /** The registry entry: the reference's settings. */
    public static final MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, Options> METHOD = MethodSpec.of("augmix",
            "Hendrycks et al., ICLR 2020", "CE(p_clean, y) + js_weight * JS(p_clean, p_aug1, p_aug2)",
            AugMix.class, new Options(3, 3, -1, 1.0, 12),
            (o, model) -> new AugMix(new AugMixOps(o.severity(), o.width(), o.depth(), o.mixAlpha()), o.jsWeight()));

    private final AugMixOps ops;
    private final double jsWeight;

    /**
     * @param ops the augmentation
     * @param jsWeight weight of the Jensen-Shannon term (reference 12)
     */
    public AugMix(AugMixOps ops, double jsWeight) {
        this.ops = ops;
        this.jsWeight = jsWeight;
    }

    @Override
    public String name() {
        return "augmix";
    }

    @Override
    public Batch<ImageBatch> beforeRecording(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        ImageBatch x = batch.inputs();
        int n = x.count();
        float[][] all = new float[3 * n][];
        for (int i = 0; i < n; i++) {
            float[] img = x.image(i);
            all[i] = img;
            all[n + i] = ops.augmentAndMix(img, x.channels(), x.height(), ctx.random());
            all[2 * n + i] = ops.augmentAndMix(img, x.channels(), x.height(), ctx.random());
        }
        return new Batch<>(x.withImages(all), batch.labels(), null, Map.of());
    }

    @Override
    public StepResult forward(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        int n = batch.size();
        NDArray logits = ctx.model().logits(batch.inputs(), ctx.manager(), true);
        NDArray clean = logits.get(new NDIndex("0:{}", n));
        return new StepResult(clean, SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses()),
                Map.of("js", Scalars.mul(jensenShannon(logits, n), (float) jsWeight)));
    }

    /**
     * @param logits {@code [3n, C]}: clean rows, then the first views, then the second
     * @param n rows per part
     * @return {@code (KL(p_c||M) + KL(p_1||M) + KL(p_2||M)) / 3}, each KL averaged over rows
     */
    public static NDArray jensenShannon(NDArray logits, int n) {
        NDArray p = logits.softmax(-1);
        NDArray pc = p.get(new NDIndex("0:{}", n));
        NDArray p1 = p.get(new NDIndex("{}:{}", n, 2 * n));
        NDArray p2 = p.get(new NDIndex("{}:", 2 * n));
        NDArray logM = Scalars.div(pc.add(p1).add(p2), 3f).clip(1e-7, 1).log();
        return Scalars.div(kl(pc, logM).add(kl(p1, logM)).add(kl(p2, logM)), 3f * n);
    }

    /** sum over rows and classes of {@code p (log p - log M)}. */
    private static NDArray kl(NDArray p, NDArray logM) {
        return p.mul(p.clip(1e-12, 1).log().sub(logM)).sum();
    }

    @Override
    public MixDrawing drawMixes(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch, int rows, float fixedLam,
                                List<String> classNames) {
        ImageBatch x = batch.inputs();
        int c = x.channels();
        int s = x.height();
        List<MixDrawing.Row> out = new ArrayList<>();
        for (int i = 0; i < Math.min(rows, x.count()); i++) {
            float[] img = x.image(i);
            out.add(new MixDrawing.Row(List.of(new MixDrawing.Tile(img, c, s),
                    new MixDrawing.Tile(ops.augmentAndMix(img, c, s, ctx.random()), c, s),
                    new MixDrawing.Tile(ops.augmentAndMix(img, c, s, ctx.random()), c, s)),
                    classNames.get(batch.labels()[i])));
        }
        return new MixDrawing("AugMix (" + ops.describe() + ")", List.of("image", "AugMix view 1", "AugMix view 2"), out);
    }
}
