package io.mixkit.text.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.MixingWeights;
import io.mixkit.mix.Scalars;
import io.mixkit.mix.SoftTargets;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.TextTokenizer;
import io.mixkit.text.unlabeled.UnlabeledViews;
import io.mixkit.train.Batch;
import io.mixkit.train.Losses;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StageState;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;
import io.mixkit.train.strategy.StageMix;
import org.apache.commons.rng.UniformRandomProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MixText (Chen, Yang and Yang, "MixText: Linguistically-Informed Interpolation of Hidden Space for
 * Semi-Supervised Text Classification", ACL 2020).
 *
 * <p>Per step, with a labeled batch {@code x} and {@code U} unlabeled texts {@code u} drawn from the
 * pool, each with K views:
 * <ol>
 *   <li>label guessing without gradients: {@code p = mean_v softmax(f(v))} over the original and its
 *       K views (dropout on, as the reference, unless {@code guessDropout} is off);
 *   <li>sharpening: {@code q = p^(1/T) / sum p^(1/T)};
 *   <li>rows {@code [x, u_view1..K, u_orig]} with targets {@code [y, q, .., q]};
 *   <li>{@code l ~ Beta(a, a)}, {@code l = max(l, 1-l)}; one permutation over all rows, so labeled
 *       and unlabeled rows mix with each other; hidden states mixed at a stage drawn from the TMix set,
 *       padding masks united;
 *   <li>{@code loss = Lx + w(t) Lu}: {@code Lx} soft cross-entropy on the labeled rows,
 *       {@code Lu = KL(q_mix || p)} (batch mean) on the unlabeled rows,
 *       {@code w(t) = lambda_u min(1, t / T_total)}.
 * </ol>
 * Options beyond the reference's defaults: the entropy hinge {@code mean(max(0, H(p_u) - margin))}
 * (present but off in the reference), UDA's confidence masking (unlabeled rows whose guess is less
 * sure than a threshold leave {@code Lu}) and training-signal annealing (labeled rows the model
 * already predicts above {@code eta_t = a_t (1 - 1/C) + 1/C} leave {@code Lx}; Xie et al. 2020).
 * When the unlabeled pool carries precomputed guesses ({@code mixkit spark guess}: {@code p} averaged
 * over the text and its K views by a checkpoint, dropout off), step 1 takes {@code p} from the pool
 * instead of the guessing pass for the first {@code guess_refresh} updates (0: the whole run), then
 * guesses online as above; sharpening, masking and mixing are unchanged.
 *
 * <p>Distribution alignment (off by default; Berthelot et al., "ReMixMatch", ICLR 2020): before sharpening,
 * each guess is scaled by the target class distribution over the running mean of the guesses,
 * {@code p~ = normalize(p * pi / m)}, with {@code pi} uniform and {@code m <- a m + (1 - a) mean_rows(p)}
 * (initially uniform, {@code a} = {@code alignment_momentum}), so that a model drifting towards one class
 * cannot feed that drift back through its own sharpened guesses. The running mean is part of a checkpoint.
 * The uniform target assumes an unlabeled pool whose classes are about balanced.
 */
public final class MixText implements MixStrategy<EncodedBatch> {

    /** The registry entry: options {@link Options}, the unlabeled views and tokenizer from the context. */
    public static final MethodSpec<EncodedBatch, TextMethodContext, Options> METHOD = MethodSpec.<EncodedBatch,
                    TextMethodContext, Options>of("mixtext", "Chen, Yang & Yang, ACL 2020",
                    "TMix over labeled rows and unlabeled rows with sharpened guessed labels; loss Lx + w(t) KL(q_mix || p)",
                    MixText.class, Options.builder().build(),
                    (o, c) -> new MixText(c.unlabeled(), c.tokenizer(), o.withLayersFor(c.classifier().encoder().numStages()),
                            c.maxLength()))
            .withUnlabeled();

    /**
     * MixText's options; the defaults are written once, in {@link Builder}.
     *
     * @param unlabeledBatchSize U per step (8 in the reference)
     * @param temperature sharpening T (0.5)
     * @param alpha Beta concentration (0.4; 16 in the README)
     * @param mixLayers stages to draw the mixing stage from (null: TMix's paper set scaled to the model)
     * @param lambdaU final weight of the unlabeled term (1)
     * @param guessDropout dropout on during label guessing (the reference: on)
     * @param entropyWeight weight of the entropy hinge (0 = off, the reference's setting)
     * @param entropyMargin hinge margin (0.7)
     * @param confidenceThreshold UDA confidence masking (0 = off)
     * @param tsa training-signal annealing: none, linear, log or exp
     * @param guessRefresh updates that use a pool's precomputed guesses before guessing online (0 = all)
     * @param distributionAlignment ReMixMatch's distribution alignment of the guesses towards uniform (off)
     * @param alignmentMomentum momentum of the guesses' running class mean (0.99: about 100 updates)
     */
    public record Options(int unlabeledBatchSize, float temperature, double alpha, int[] mixLayers, double lambdaU,
                          boolean guessDropout, double entropyWeight, double entropyMargin,
                          double confidenceThreshold, String tsa, int guessRefresh, boolean distributionAlignment,
                          double alignmentMomentum) {

        /** Validates, naming the option. */
        public Options {
            if (unlabeledBatchSize < 1) {
                throw new IllegalArgumentException("unlabeled batch size must be at least 1, got " + unlabeledBatchSize);
            }
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("--temperature must be positive, got " + temperature);
            }
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("alpha must be positive, got " + alpha);
            }
            if (!(lambdaU >= 0) || !(entropyWeight >= 0) || !(entropyMargin >= 0)) {
                throw new IllegalArgumentException("lambda_u, entropy_weight and entropy_margin must be at least 0, got "
                        + lambdaU + ", " + entropyWeight + ", " + entropyMargin);
            }
            if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
                throw new IllegalArgumentException("confidence_threshold must be in [0, 1], got " + confidenceThreshold);
            }
            if (!List.of("none", "linear", "log", "exp").contains(tsa)) {
                throw new IllegalArgumentException("--tsa must be none, linear, log or exp, got " + tsa);
            }
            if (mixLayers != null && mixLayers.length == 0) {
                throw new IllegalArgumentException("mix_layers must list at least one layer");
            }
            if (guessRefresh < 0) {
                throw new IllegalArgumentException("guess_refresh must be at least 0 (0: the whole run), got " + guessRefresh);
            }
            if (!(alignmentMomentum >= 0 && alignmentMomentum < 1)) {
                throw new IllegalArgumentException("alignment_momentum must be in [0, 1), got " + alignmentMomentum);
            }
        }

        /** @param depth the encoder's layers @return these options with the mixing layers resolved */
        Options withLayersFor(int depth) {
            return mixLayers != null ? this : toBuilder().optMixLayers(TextMethods.paperLayers(depth)).build();
        }

        /** @return a builder holding the defaults */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding these options */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.unlabeledBatchSize = unlabeledBatchSize;
            b.temperature = temperature;
            b.alpha = alpha;
            b.mixLayers = mixLayers;
            b.lambdaU = lambdaU;
            b.guessDropout = guessDropout;
            b.entropyWeight = entropyWeight;
            b.entropyMargin = entropyMargin;
            b.confidenceThreshold = confidenceThreshold;
            b.tsa = tsa;
            b.guessRefresh = guessRefresh;
            b.distributionAlignment = distributionAlignment;
            b.alignmentMomentum = alignmentMomentum;
            return b;
        }

        /** Builds {@link Options}; its fields' initial values are MixText's defaults. */
        public static final class Builder {
            private int unlabeledBatchSize = 8;
            private float temperature = 0.5f;
            private double alpha = 0.4;
            private int[] mixLayers;
            private double lambdaU = 1.0;
            private boolean guessDropout = true;
            private double entropyWeight;
            private double entropyMargin = 0.7;
            private double confidenceThreshold;
            private String tsa = "none";
            private int guessRefresh;
            private boolean distributionAlignment;
            private double alignmentMomentum = 0.99;

            private Builder() {}

            /** @param v U per step @return this */
            public Builder optUnlabeledBatchSize(int v) {
                unlabeledBatchSize = v;
                return this;
            }

            /** @param v sharpening temperature @return this */
            public Builder optTemperature(float v) {
                temperature = v;
                return this;
            }

            /** @param v Beta concentration @return this */
            public Builder optAlpha(double v) {
                alpha = v;
                return this;
            }

            /** @param v mixing layers (null: the paper's set scaled) @return this */
            public Builder optMixLayers(int[] v) {
                mixLayers = v;
                return this;
            }

            /** @param v final unlabeled weight @return this */
            public Builder optLambdaU(double v) {
                lambdaU = v;
                return this;
            }

            /** @param v dropout while guessing @return this */
            public Builder optGuessDropout(boolean v) {
                guessDropout = v;
                return this;
            }

            /** @param weight entropy hinge weight @param margin its margin @return this */
            public Builder optEntropy(double weight, double margin) {
                entropyWeight = weight;
                entropyMargin = margin;
                return this;
            }

            /** @param v UDA confidence threshold @return this */
            public Builder optConfidenceThreshold(double v) {
                confidenceThreshold = v;
                return this;
            }

            /** @param v training-signal annealing @return this */
            public Builder optTsa(String v) {
                tsa = v;
                return this;
            }

            /** @param v updates using precomputed guesses before guessing online (0 = all) @return this */
            public Builder optGuessRefresh(int v) {
                guessRefresh = v;
                return this;
            }

            /** @param on distribution alignment @param momentum of the running class mean @return this */
            public Builder optDistributionAlignment(boolean on, double momentum) {
                distributionAlignment = on;
                alignmentMomentum = momentum;
                return this;
            }

            /** @return the options */
            public Options build() {
                return new Options(unlabeledBatchSize, temperature, alpha, mixLayers, lambdaU, guessDropout,
                        entropyWeight, entropyMargin, confidenceThreshold, tsa, guessRefresh, distributionAlignment,
                        alignmentMomentum);
            }
        }
    }

    private final UnlabeledViews unlabeled;
    private final TextTokenizer tokenizer;
    private final Options o;
    private final int maxLength;
    private final MixingWeights weights;
    /** The guesses' running class mean for distribution alignment; null until the first aligned step. */
    private double[] guessMean;

    /**
     * @param unlabeled the pool and its views
     * @param tokenizer the model's tokenizer
     * @param options settings (with the mixing layers set)
     * @param maxLength tokens per unlabeled text
     */
    public MixText(UnlabeledViews unlabeled, TextTokenizer tokenizer, Options options, int maxLength) {
        if (unlabeled == null) {
            throw new IllegalArgumentException("mixtext needs unlabeled texts");
        }
        if (options.mixLayers() == null) {
            throw new IllegalArgumentException("mixtext: no mixing layers set");
        }
        this.unlabeled = unlabeled;
        this.tokenizer = tokenizer;
        this.o = options;
        this.maxLength = maxLength;
        this.weights = new MixingWeights(options.alpha(), true, LambdaMode.BATCH);
    }

    @Override
    public String name() {
        return "mixtext";
    }

    /**
     * Averages the predictions over views: {@code probs} holds V blocks of U rows (view-major).
     *
     * @param probs [V * U, C]
     * @param u unlabeled texts
     * @return [U, C]
     */
    public static NDArray averageViews(NDArray probs, int u) {
        long c = probs.getShape().get(1);
        return probs.reshape(-1, u, c).mean(new int[] {0});
    }

    /**
     * @param lambdaU final weight
     * @param step current step (1-based)
     * @param total steps in the run
     * @return {@code lambda_u * min(1, step / total)}
     */
    public static double rampWeight(double lambdaU, long step, long total) {
        return lambdaU * Math.min(1.0, (double) step / Math.max(1, total));
    }

    /**
     * Training-signal annealing threshold (Xie et al. 2020).
     *
     * @param schedule linear, log or exp
     * @param step current step
     * @param total steps
     * @param classes C
     * @return {@code a_t (1 - 1/C) + 1/C}
     */
    public static double tsaThreshold(String schedule, long step, long total, int classes) {
        double t = Math.min(1.0, (double) step / Math.max(1, total));
        double a = switch (schedule) {
            case "linear" -> t;
            case "log" -> 1 - Math.exp(-t * 5);
            case "exp" -> Math.exp((t - 1) * 5);
            default -> 1.0;
        };
        return a * (1 - 1.0 / classes) + 1.0 / classes;
    }

    @Override
    public Batch<EncodedBatch> beforeRecording(StepContext<EncodedBatch> ctx, Batch<EncodedBatch> batch) {
        UniformRandomProvider rng = ctx.random();
        int u = o.unlabeledBatchSize();
        int k = unlabeled.k();
        List<String> orig = new ArrayList<>(u);
        int[] drawn = new int[u];
        List<List<String>> views = new ArrayList<>();
        for (int v = 0; v < k; v++) {
            views.add(new ArrayList<>(u));
        }
        try {
            for (int i = 0; i < u; i++) {
                int idx = rng.nextInt(unlabeled.pool().size());
                drawn[i] = idx;
                orig.add(unlabeled.pool().text(idx));
                List<String> vs = unlabeled.views(idx);
                for (int v = 0; v < k; v++) {
                    views.get(v).add(vs.get(v));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Guessing rows, view-major: [orig, view1, ..., viewK].
        List<EncodedBatch> guessParts = new ArrayList<>();
        guessParts.add(tokenizer.encode(orig, maxLength));
        for (List<String> v : views) {
            guessParts.add(tokenizer.encode(v, maxLength));
        }
        NDManager m = ctx.manager();
        boolean precomputed = usesPrecomputedGuesses(ctx.step());
        NDArray p = precomputed ? precomputedGuesses(m, drawn, ctx.numClasses())
                : averageViews(ctx.model().logits(EncodedBatch.concat(guessParts, tokenizer.padId()), m, o.guessDropout())
                        .softmax(-1), u);
        if (o.distributionAlignment()) {
            p = align(m, p, ctx.numClasses());
        }
        NDArray q = SoftTargets.sharpen(p, o.temperature());
        NDArray confident = p.max(new int[] {1}).gte(o.confidenceThreshold()).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);

        // Training rows: [x, u_view1..K, u_orig] with targets [y, q, .., q].
        List<EncodedBatch> parts = new ArrayList<>();
        parts.add(batch.inputs());
        parts.addAll(guessParts.subList(1, guessParts.size()));
        parts.add(guessParts.get(0));
        EncodedBatch rows = EncodedBatch.concat(parts, tokenizer.padId());
        List<NDArray> targetParts = new ArrayList<>();
        targetParts.add(SoftTargets.oneHot(m, batch.labels(), ctx.numClasses()));
        List<NDArray> maskParts = new ArrayList<>();
        for (int v = 0; v <= k; v++) {
            targetParts.add(q);
            maskParts.add(confident);
        }
        NDArray targets = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(targetParts), 0);
        Map<String, Float> logged = new LinkedHashMap<>();
        logged.put("guess_confidence", p.max(new int[] {1}).mean().getFloat());
        if (o.distributionAlignment()) {
            logged.put("guess_mean_top_class", (float) java.util.Arrays.stream(guessMean).max().orElse(0));
        }
        if (unlabeled.hasGuesses()) {
            logged.put("guess_precomputed", precomputed ? 1f : 0f);
        }
        // The confidence mask travels as an extra target column block: [targets | mask].
        NDArray unlabeledMask = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(maskParts), 0);
        NDArray packed = targets.concat(m.ones(new ai.djl.ndarray.types.Shape(batch.size()))
                .concat(unlabeledMask).expandDims(1), 1);
        return new Batch<>(rows, batch.labels(), packed, logged);
    }

    /** Updates the running class mean with this step's guesses and returns them aligned. */
    private NDArray align(NDManager m, NDArray p, int classes) {
        if (guessMean == null) {
            guessMean = new double[classes];
            java.util.Arrays.fill(guessMean, 1.0 / classes);
        }
        float[] aligned = alignDistribution(p.toFloatArray(), classes, guessMean, o.alignmentMomentum());
        return m.create(aligned, p.getShape());
    }

    /**
     * Distribution alignment (ReMixMatch) of guessed class probabilities towards the uniform distribution.
     *
     * @param p rows of class probabilities, row-major [rows, classes]
     * @param classes C
     * @param mean the running class mean, updated in place: {@code mean <- a mean + (1 - a) mean_rows(p)}
     * @param momentum a in [0, 1)
     * @return {@code normalize(p / mean)} row by row (the uniform target's 1/C cancels in the normalisation)
     */
    public static float[] alignDistribution(float[] p, int classes, double[] mean, double momentum) {
        int rows = p.length / classes;
        for (int c = 0; c < classes; c++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += p[r * classes + c];
            }
            mean[c] = momentum * mean[c] + (1 - momentum) * s / rows;
        }
        float[] out = new float[p.length];
        for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int c = 0; c < classes; c++) {
                z += p[r * classes + c] / Math.max(mean[c], 1e-12);
            }
            for (int c = 0; c < classes; c++) {
                out[r * classes + c] = (float) (p[r * classes + c] / Math.max(mean[c], 1e-12) / z);
            }
        }
        return out;
    }

    @Override
    public Map<String, double[]> state() {
        return guessMean == null ? Map.of() : Map.of("guess_mean", guessMean.clone());
    }

    @Override
    public void restore(Map<String, double[]> saved) {
        double[] g = saved.get("guess_mean");
        guessMean = g == null ? null : g.clone();
    }

    /** @param step the current update (1-based) @return whether its guesses come from the pool */
    public boolean usesPrecomputedGuesses(long step) {
        return unlabeled.hasGuesses() && (o.guessRefresh() == 0 || step <= o.guessRefresh());
    }

    private NDArray precomputedGuesses(NDManager m, int[] drawn, int classes) {
        try {
            return m.create(unlabeled.guesses(drawn), new ai.djl.ndarray.types.Shape(drawn.length, classes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StepResult forward(StepContext<EncodedBatch> ctx, Batch<EncodedBatch> batch) {
        int c = ctx.numClasses();
        int bx = batch.labels().length;
        NDArray packed = batch.targets();
        NDArray targets = packed.get(new NDIndex(":, 0:" + c));
        NDArray rowMask = packed.get(new NDIndex(":, " + c));
        UniformRandomProvider rng = ctx.random();
        int stage = o.mixLayers()[rng.nextInt(o.mixLayers().length)];
        StageState clean = ctx.model().forwardTo(stage, batch.inputs(), ctx.manager(), true);
        StageMix.Mixed mixed = StageMix.mixSoft(stage, clean, targets, weights, rng);
        NDArray logits = ctx.model().forwardFrom(stage, mixed.state(), true);
        NDArray mixedTargets = mixed.targets();
        return new StepResult(logits, null, losses(logits, mixedTargets, rowMask, bx, ctx.step(), ctx.totalSteps(), c));
    }

    /**
     * The loss terms of one step, from the mixed rows.
     *
     * @param logits [N, C], labeled rows first
     * @param mixedTargets [N, C]
     * @param rowMask [N] 1 for rows that count (confidence masking), labeled rows always 1
     * @param bx labeled rows
     * @param step current step
     * @param total total steps
     * @param classes C
     * @return named terms, already weighted: labeled, unlabeled and (if on) entropy
     */
    public Map<String, NDArray> losses(NDArray logits, NDArray mixedTargets, NDArray rowMask, int bx, long step,
                                       long total, int classes) {
        long n = logits.getShape().get(0);
        NDArray lx = logits.get(new NDIndex("0:" + bx));
        NDArray tx = mixedTargets.get(new NDIndex("0:" + bx));
        NDArray lu = logits.get(new NDIndex(bx + ":" + n));
        NDArray tu = mixedTargets.get(new NDIndex(bx + ":" + n));
        NDArray mu = rowMask.get(new NDIndex(bx + ":" + n));
        Map<String, NDArray> out = new LinkedHashMap<>();
        NDArray perRowX = Losses.softCrossEntropyRows(lx, tx);
        if (!o.tsa().equals("none")) {
            double eta = tsaThreshold(o.tsa(), step, total, classes);
            NDArray pTrue = lx.softmax(-1).mul(tx).sum(new int[] {-1});
            NDArray keep = pTrue.lte((float) eta).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            out.put("labeled", perRowX.mul(keep).sum().div(Scalars.maximum(keep.sum(), 1f)));
        } else {
            out.put("labeled", perRowX.mean());
        }
        NDArray lossU = Scalars.div(Losses.klDivergenceRows(lu, tu).mul(mu).sum(), (float) (n - bx));
        out.put("unlabeled", Scalars.mul(lossU, (float) rampWeight(o.lambdaU(), step, total)));
        if (o.entropyWeight() > 0) {
            NDArray pu = lu.softmax(-1);
            NDArray h = pu.mul(lu.logSoftmax(-1)).sum(new int[] {-1}).neg();
            out.put("entropy", Scalars.mul(Scalars.maximum(Scalars.sub(h, (float) o.entropyMargin()), 0f).mean(),
                    (float) o.entropyWeight()));
        }
        return out;
    }
}
