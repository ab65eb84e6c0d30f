package io.mixkit.text.strategy;

import ai.djl.ndarray.NDArray;
import io.mixkit.mix.Saliency;
import io.mixkit.mix.Scalars;
import io.mixkit.mix.SoftTargets;
import io.mixkit.mix.SpanWindows;
import io.mixkit.text.EncodedBatch;
import io.mixkit.train.Batch;
import io.mixkit.train.SaliencyPass;
import io.mixkit.train.Losses;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;

import java.util.Map;

/**
 * SSMix (Yoon, Kim and Park, "SSMix: Saliency-Based Span Mixup for Text Classification", Findings of
 * ACL 2021): input-level span replacement guided by saliency.
 *
 * <p>Rows are paired with the row half a batch away (the reference splits the batch in halves and
 * mixes both ways). A clean pass computes the loss on the originals and the token saliency
 * {@code s_t = sqrt(mean_h (dL/de_t)^2)} of the input embeddings; in row {@code i} a window of
 * {@code w = max(floor(0.1 (len_i - 2)), 1)} tokens with the lowest mean saliency is replaced by the
 * window of its partner with the highest (never the [CLS] or [SEP] positions); the target is
 * {@code r y_i + (1 - r) y_j} with {@code r = 1 - w / (len_i - 2)}. Loss, as the reference:
 * {@code 0.5 * CE(clean) + 0.5 * softCE(mixed)}. The clean pass's parameter gradients are kept (it is
 * the clean half of the loss), so the saliency costs no extra pass.
 */
public final class SsMix implements MixStrategy<EncodedBatch> {

    /** The registry entry. */
    public static final MethodSpec<EncodedBatch, TextMethodContext, Options> METHOD = MethodSpec.of("ssmix",
            "Yoon, Kim & Park, Findings of ACL 2021",
            "the least salient span of x_i replaced by the most salient span of x_j; y = r y_i + (1-r) y_j",
            SsMix.class, new Options(0.1), (o, c) -> new SsMix(o.window()));

    /** @param window the span length as a share of the text (0.1 in the paper) */
    public record Options(double window) {
        /** Validates. */
        public Options {
            if (!(window > 0 && window < 1)) {
                throw new IllegalArgumentException("window must be in (0, 1), got " + window);
            }
        }
    }

    private final double windowFraction;

    /** @param windowFraction the span length as a share of the text (0.1 in the paper) */
    public SsMix(double windowFraction) {
        if (!(windowFraction > 0 && windowFraction < 1)) {
            throw new IllegalArgumentException("SSMix window fraction must be in (0, 1), got " + windowFraction);
        }
        this.windowFraction = windowFraction;
    }

    @Override
    public String name() {
        return "ssmix";
    }

    @Override
    public Batch<EncodedBatch> beforeRecording(StepContext<EncodedBatch> ctx, Batch<EncodedBatch> batch) {
        int n = batch.size();
        EncodedBatch in = batch.inputs();
        NDArray oneHot = SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses());
        // the clean half of SSMix's loss: its weight gradients are the step's
        SaliencyPass.Result pass = SaliencyPass.run(ctx.model(), in, oneHot, ctx.manager(), true, 0.5f, true);
        float clean = pass.loss() * 2;
        NDArray sal = Saliency.rms(pass.gradient(), -1);
        float[] flat = sal.toFloatArray();
        int len = in.length();
        int[] partner = new int[n];
        for (int i = 0; i < n; i++) {
            partner[i] = (i + n / 2) % n;
        }
        long[][] ids = new long[n][];
        float[] ratio = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = in.inputIds()[i].clone();
            ratio[i] = 1f;
            int j = partner[i];
            if (j == i) {
                continue;
            }
            int l1 = realLength(in.attentionMask()[i]);
            int l2 = realLength(in.attentionMask()[j]);
            int w = Math.max((int) ((l1 - 2) * windowFraction), 1);
            if (l2 < w) {
                continue;
            }
            float[] s1 = java.util.Arrays.copyOfRange(flat, i * len, (i + 1) * len);
            float[] s2 = java.util.Arrays.copyOfRange(flat, j * len, (j + 1) * len);
            int a = SpanWindows.best(s1, l1, w, true, false);
            int b = SpanWindows.best(s2, l2, w, true, true);
            if (a < 0 || b < 0) {
                continue; // too short to hold a window between [CLS] and [SEP]
            }
            System.arraycopy(in.inputIds()[j], b, ids[i], a, w);
            ratio[i] = 1f - (float) w / (l1 - 2);
        }
        EncodedBatch mixed = new EncodedBatch(ids, in.attentionMask(), in.tokenTypeIds(), in.truncatedRows());
        NDArray targets = SoftTargets.mix(oneHot, partner, ratio);
        return new Batch<>(mixed, batch.labels(), targets, Map.of("clean", clean));
    }

    private static int realLength(long[] mask) {
        int n = 0;
        for (long m : mask) {
            n += (int) m;
        }
        return n;
    }

    @Override
    public StepResult forward(StepContext<EncodedBatch> ctx, Batch<EncodedBatch> batch) {
        NDArray logits = ctx.model().logits(batch.inputs(), ctx.manager(), true);
        return new StepResult(logits, null, Map.of("mix", Scalars.mul(Losses.softCrossEntropy(logits, batch.targets()), 0.5f)));
    }
}
