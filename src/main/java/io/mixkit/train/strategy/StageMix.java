package io.mixkit.train.strategy;

import ai.djl.ndarray.NDArray;
import io.mixkit.mix.AttentionMasks;
import io.mixkit.mix.Interpolation;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.MixingWeights;
import io.mixkit.mix.Partners;
import io.mixkit.mix.SoftTargets;
import io.mixkit.train.Batch;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StageState;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.Arrays;

/**
 * Mixup at a model stage, drawn per batch from a set: one strategy for input mixup (stage 0 of an
 * image model), manifold mixup (Verma et al., ICML 2019: a random stage), TMix (Chen et al.,
 * "MixText", ACL 2020: BERT stages {7, 9, 12}), EmbedMix / wordMixup (stage 0 of a text encoder) and
 * senMixup (the pooled sentence vector).
 *
 * <p>Per batch: a stage {@code k} uniformly from the set, a random permutation {@code perm} of the
 * batch (partners, so no second forward stream is needed), weights {@code l ~ Beta(a, a)} (optionally
 * {@code max(l, 1-l)}); then {@code h_k' = l h_k + (1-l) h_k[perm]}, mixed rows attend to the union of
 * both padding masks, the forward pass continues from stage {@code k}, and the targets are
 * {@code l y + (1-l) y[perm]}.
 *
 * @param <I> input type
 */
public final class StageMix<I> implements MixStrategy<I> {

    private final String name;
    private final int[] stages;
    private final MixingWeights weights;

    /**
     * What one mixing draw produced (exposed for tests and visualisation).
     *
     * @param stage the stage mixed at
     * @param perm partners
     * @param lambda weight of each row's own value
     * @param state the mixed stage state
     * @param targets the mixed soft targets
     */
    public record Mixed(int stage, int[] perm, float[] lambda, StageState state, NDArray targets) {}

    /**
     * @param name method name for logs ({@code tmix}, {@code manifold}, ...)
     * @param stages the stages to draw from
     * @param alpha Beta concentration
     * @param fold whether to use {@code max(l, 1-l)}
     * @param mode one weight per batch, per pair or per row
     */
    public StageMix(String name, int[] stages, double alpha, boolean fold, LambdaMode mode) {
        if (stages.length == 0) {
            throw new IllegalArgumentException(name + ": the set of mixing stages is empty");
        }
        this.name = name;
        this.stages = stages.clone();
        this.weights = new MixingWeights(alpha, fold, mode);
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the stages drawn from */
    public int[] stages() {
        return stages.clone();
    }

    @Override
    public StepResult forward(StepContext<I> ctx, Batch<I> batch) {
        for (int s : stages) {
            if (s < 0 || s > ctx.model().numStages()) {
                throw new IllegalArgumentException(name + ": mixing stage " + s + " is outside 0.."
                        + ctx.model().numStages() + " for this model (stages " + Arrays.toString(stages) + ")");
            }
        }
        UniformRandomProvider rng = ctx.random();
        int stage = stages[rng.nextInt(stages.length)];
        StageState clean = ctx.model().forwardTo(stage, batch.inputs(), ctx.manager(), true);
        Mixed m = mix(stage, clean, batch.labels(), ctx.numClasses(), rng);
        return new StepResult(ctx.model().forwardFrom(stage, m.state(), true), m.targets());
    }

    /**
     * The mixing of one batch at one stage: partners, weights, states, masks, targets.
     *
     * @param stage the stage the state comes from
     * @param state clean activations after that stage
     * @param labels class per row
     * @param numClasses C
     * @param rng draws the permutation, then the weights
     * @return the mixed state and targets
     */
    public Mixed mix(int stage, StageState state, int[] labels, int numClasses, UniformRandomProvider rng) {
        return mixSoft(stage, state, SoftTargets.oneHot(state.value().getManager(), labels, numClasses), weights, rng);
    }

    /**
     * The mixing of one batch with soft targets (MixText mixes guessed distributions this way).
     *
     * @param stage the stage the state comes from
     * @param state clean activations after that stage
     * @param targets [N, C] target distributions
     * @param weights the weight policy
     * @param rng draws the permutation over all N rows, then the weights
     * @return the mixed state and targets
     */
    public static Mixed mixSoft(int stage, StageState state, NDArray targets, MixingWeights weights,
                                UniformRandomProvider rng) {
        int n = (int) targets.getShape().get(0);
        int[] perm = Partners.permutation(n, rng);
        float[] lam = weights.sample(rng, perm);
        NDArray value = Interpolation.mixRows(state.value(), perm, lam);
        NDArray mask = state.mask() == null ? null : AttentionMasks.union(state.mask(), perm);
        return new Mixed(stage, perm, lam, new StageState(value, mask), SoftTargets.mix(targets, perm, lam));
    }
}
