package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import io.mixkit.mix.BoxMask;
import io.mixkit.mix.GridMasks;
import io.mixkit.mix.MixingWeights;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.Partners;
import io.mixkit.mix.SoftTargets;
import io.mixkit.mix.SpectralSaliency;
import io.mixkit.train.Batch;
import io.mixkit.train.StepContext;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.StagedClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * CutMix (Yun et al., ICCV 2019) and SaliencyMix (Uddin et al., ICLR 2021).
 *
 * <p>Per batch: a permutation {@code perm} and {@code lam ~ Beta(alpha, alpha)}. CutMix pastes one box
 * of area {@code (1 - lam) H W} at a uniform centre from {@code x[perm]} into every image; SaliencyMix
 * centres each image's box on the peak of the spectral-residual saliency of the image it is cut from
 * (each pair gets its own box, centred on its own source image's peak).
 * Targets {@code w y + (1 - w) y[perm]} with {@code w = 1 - box area / (H W)}, the realised share after
 * clipping at the border.
 */
public final class CutMix extends MixedInputStrategy implements DrawsMixes {

    /** @param alpha Beta concentration (1, the reference's) */
    public record Options(double alpha) {
        /** Validates. */
        public Options {
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("alpha must be positive, got " + alpha);
            }
        }
    }

    /** CutMix's registry entry. */
    public static final MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, Options> CUTMIX = MethodSpec.of("cutmix",
            "Yun et al., ICCV 2019", "x' = M x + (1-M) x[perm], M one box of area (1-lam) HW; y weight 1 - area/HW",
            CutMix.class, new Options(1.0), (o, model) -> new CutMix(o.alpha(), false));

    /** SaliencyMix's registry entry. */
    public static final MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, Options> SALIENCYMIX = MethodSpec.of(
            "saliencymix", "Uddin et al., ICLR 2021", "CutMix with the box centred on the source's spectral-saliency peak",
            CutMix.class, new Options(1.0), (o, model) -> new CutMix(o.alpha(), true));

    private final double alpha;

    private final boolean saliencyCentred;
    private final MixingWeights weights;

    /**
     * What one draw produced (for tests and pictures).
     *
     * @param mixed the mixed images
     * @param perm partners
     * @param boxes each image's box (pixels from the partner)
     * @param ownWeight each image's label weight
     */
    public record Mixed(ImageBatch mixed, int[] perm, BoxMask[] boxes, float[] ownWeight) {}

    /**
     * @param alpha Beta concentration (reference 1)
     * @param saliencyCentred SaliencyMix instead of CutMix
     */
    public CutMix(double alpha, boolean saliencyCentred) {
        this.saliencyCentred = saliencyCentred;
        this.alpha = alpha;
        this.weights = new MixingWeights(alpha, false, LambdaMode.BATCH);
    }

    @Override
    public String name() {
        return saliencyCentred ? "saliencymix" : "cutmix";
    }

    @Override
    public Batch<ImageBatch> mix(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        Mixed m = draw(batch.inputs(), ctx.random());
        var targets = SoftTargets.mix(SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses()), m.perm(), m.ownWeight());
        return new Batch<>(m.mixed(), batch.labels(), targets, Map.of());
    }

    /**
     * @param x the clean batch
     * @param rng draws the permutation, lam, then the box centre
     * @return the mixed batch and its boxes
     */
    public Mixed draw(ImageBatch x, UniformRandomProvider rng) {
        return draw(x, rng, Float.NaN);
    }

    /**
     * @param x the clean batch
     * @param rng draws the permutation, lam, then the box centre
     * @param fixedLam a weight to use instead of the Beta draw (pictures), or NaN
     * @return the mixed batch and its boxes
     */
    public Mixed draw(ImageBatch x, UniformRandomProvider rng, float fixedLam) {
        int n = x.count();
        int h = x.height();
        int w = x.width();
        int[] perm = Partners.permutation(n, rng);
        float drawn = weights.sample(rng, perm)[0];
        float lam = Float.isNaN(fixedLam) ? drawn : fixedLam;
        BoxMask[] boxes = new BoxMask[n];
        float[] own = new float[n];
        float[][] out = new float[n][];
        BoxMask shared = saliencyCentred ? null : BoxMask.random(h, w, lam, rng);
        for (int i = 0; i < n; i++) {
            BoxMask box = shared;
            if (box == null) {
                float[] src = x.image(perm[i]);
                int[] peak = h == w ? SpectralSaliency.peak(SpectralSaliency.map(src, x.channels(), h), h) : new int[] {h / 2, w / 2};
                box = BoxMask.centred(h, w, lam, peak[0], peak[1]);
            }
            boxes[i] = box;
            own[i] = box.ownWeight();
            out[i] = GridMasks.mix(x.image(i), x.image(perm[i]), box.pixelMask());
        }
        return new Mixed(x.withImages(out), perm, boxes, own);
    }

    @Override
    public MixDrawing drawMixes(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch, int rows, float fixedLam,
                                List<String> classNames) {
        ImageBatch x = batch.inputs();
        Mixed m = draw(x, ctx.random(), fixedLam);
        List<MixDrawing.Row> out = new ArrayList<>();
        for (int i = 0; i < Math.min(rows, x.count()); i++) {
            out.add(MixDrawing.pair(x, i, m.perm()[i], m.boxes()[i].pixelMask(), m.mixed().image(i), m.ownWeight()[i],
                    batch.labels(), classNames, ""));
        }
        return new MixDrawing(name() + ", " + (Float.isNaN(fixedLam) ? "alpha " + alpha : "lam " + fixedLam),
                MixDrawing.PAIR_COLUMNS, out);
    }
}
