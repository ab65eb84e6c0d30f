package io.mixkit.text.strategy;

import io.mixkit.mix.LambdaMode;
import io.mixkit.text.EncodedBatch;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.strategy.StageMix;

/**
 * The text methods that are {@link StageMix} at a stage of the encoder, with their defaults:
 * TMix (Chen, Yang &amp; Yang, ACL 2020: after a layer drawn per batch from {7, 9, 12} of 12, scaled to
 * the depth), EmbedMix (wordMixup, Guo, Mao &amp; Zhang 2019: the embedding output, stage 0) and senMix
 * (senMixup, Guo et al. 2019: the pooled sentence vector, stage L + 1). All draw
 * {@code l ~ Beta(alpha, alpha)}, by default folded to {@code max(l, 1 - l)}, and mix
 * {@code h' = l h + (1 - l) h[perm]}, {@code y' = l y + (1 - l) y[perm]}.
 */
public final class HiddenStateMixup {

    /**
     * @param alpha Beta concentration (0.4)
     * @param fold use {@code max(l, 1 - l)} (true, as MixText's code)
     */
    public record Options(double alpha, boolean fold) {
        /** Validates. */
        public Options {
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("alpha must be positive, got " + alpha);
            }
        }
    }

    /**
     * @param alpha Beta concentration (0.4)
     * @param fold use {@code max(l, 1 - l)} (true)
     * @param mixLayers the layers to draw from (null: {7, 9, 12} of 12 scaled to the depth; 0 = the embeddings)
     */
    public record LayerOptions(double alpha, boolean fold, int[] mixLayers) {
        /** Validates. */
        public LayerOptions {
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("alpha must be positive, got " + alpha);
            }
            if (mixLayers != null && mixLayers.length == 0) {
                throw new IllegalArgumentException("mix_layers must list at least one layer");
            }
        }
    }

    /** TMix. */
    public static final MethodSpec<EncodedBatch, TextMethodContext, LayerOptions> TMIX = MethodSpec.of("tmix",
            "Chen, Yang & Yang, ACL 2020", "h_k' = l h_k + (1-l) h_k[perm] after a layer k drawn per batch",
            StageMix.class, new LayerOptions(0.4, true, null),
            (o, c) -> new StageMix<>("tmix", o.mixLayers() != null ? o.mixLayers()
                    : TextMethods.paperLayers(c.classifier().encoder().numStages()), o.alpha(), o.fold(), LambdaMode.BATCH));

    /** EmbedMix (wordMixup). */
    public static final MethodSpec<EncodedBatch, TextMethodContext, Options> EMBEDMIX = MethodSpec.of("embedmix",
            "Guo, Mao & Zhang 2019 (wordMixup)", "e' = l e + (1-l) e[perm] on the embedding output",
            StageMix.class, new Options(0.4, true),
            (o, c) -> new StageMix<>("embedmix", new int[] {0}, o.alpha(), o.fold(), LambdaMode.BATCH));

    /** senMixup. */
    public static final MethodSpec<EncodedBatch, TextMethodContext, Options> SENMIX = MethodSpec.of("senmix",
            "Guo, Mao & Zhang 2019 (senMixup)", "s' = l s + (1-l) s[perm] on the pooled sentence vector",
            StageMix.class, new Options(0.4, true),
            (o, c) -> new StageMix<>("senmix", new int[] {c.classifier().pooledStage()}, o.alpha(), o.fold(),
                    LambdaMode.BATCH));

    private HiddenStateMixup() {}
}
