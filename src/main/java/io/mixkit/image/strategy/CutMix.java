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
public final class CutMix extends MixedInputStrategy {

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
}
