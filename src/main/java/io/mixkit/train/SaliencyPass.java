package io.mixkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.mixkit.mix.Scalars;

/**
 * The one input-gradient pass, shared by SSMix and PuzzleMix (saliency) and FGSM (the attack's
 * direction): {@code g = dL/dh0} for {@code L = w * softCE(f(h0), targets)}, where {@code h0} is the
 * model's stage 0 (token embeddings, normalised pixels) and {@code w} a loss weight.
 *
 * <p>Runs with its own gradient recording, outside the step's. With {@code parameterGradients} off,
 * the parameters stop requiring gradients for the pass, so backward skips every weight gradient
 * (about a third of its cost) and leaves the parameters' gradients as they were; with it on, the
 * pass's weight gradients add to the step's (SSMix's clean half of the loss, PuzzleMix's
 * {@code clean_lam} term).
 */
public final class SaliencyPass {

    /**
     * @param loss the weighted loss's value
     * @param gradient {@code dL/dh0}, shaped as stage 0, on the pass's manager
     */
    public record Result(float loss, NDArray gradient) {}

    private SaliencyPass() {}

    /**
     * @param model the classifier
     * @param inputs its inputs
     * @param targets soft targets [B, C]
     * @param manager where the pass's arrays live (the step's)
     * @param training dropout and BatchNorm statistics in training mode
     * @param lossWeight {@code w}; exactly 1 leaves the loss unscaled
     * @param parameterGradients whether the pass also fills the parameters' gradients
     * @param <I> the input type
     * @return the loss and the stage-0 gradient
     */
    public static <I> Result run(StagedClassifier<I> model, I inputs, NDArray targets, NDManager manager,
                                 boolean training, float lossWeight, boolean parameterGradients) {
        GradientProbe probe = new GradientProbe();
        boolean skipWeights = !parameterGradients && requiresGradient(model.parameters());
        if (skipWeights) {
            model.parameters().setRequiresGradient(false);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            StageState h0 = model.forwardTo(0, inputs, manager, training);
            NDArray logits = model.forwardFrom(0, new StageState(probe.watch(h0.value()), h0.mask()), training);
            NDArray ce = Losses.softCrossEntropy(logits, targets);
            NDArray loss = lossWeight == 1f ? ce : Scalars.mul(ce, lossWeight);
            gc.backward(loss);
            return new Result(loss.getFloat(), probe.gradient());
        } finally {
            if (skipWeights) {
                model.parameters().setRequiresGradient(true);
            }
        }
    }

    private static boolean requiresGradient(NamedParameters params) {
        return params.asMap().values().stream().anyMatch(NDArray::hasGradient);
    }
}
