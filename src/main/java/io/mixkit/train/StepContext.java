package io.mixkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.function.Supplier;

/**
 * Everything a strategy may use during one step.
 *
 * @param model the model being trained
 * @param manager the step's manager, closed when the step ends
 * @param random the step's random source, derived from (seed, step): a resumed run draws the same
 * @param step 1-based global step
 * @param totalSteps steps in the whole run
 * @param <I> input type
 */
public record StepContext<I>(StagedClassifier<I> model, NDManager manager, UniformRandomProvider random,
                             long step, long totalSteps) {

    /** @return the number of classes */
    public int numClasses() {
        return model.numClasses();
    }

    /**
     * An extra backward pass before the step's gradient recording starts (a saliency pass): computes
     * a loss with gradient recording on and back-propagates it. Inputs whose gradient is wanted must
     * have {@code setRequiresGradient(true)} before the loss is built. The parameter gradients this
     * pass leaves ADD to the step's; call {@link #zeroParameterGradients()} to discard them.
     *
     * @param loss builds the scalar loss
     * @return the loss value
     */
    public float backward(Supplier<NDArray> loss) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.get();
            gc.backward(l);
            return l.getFloat();
        }
    }

    /** Sets every parameter gradient to zero (after a saliency pass whose parameter gradients are not wanted). */
    public void zeroParameterGradients() {
        Gradients.zero(model.parameters());
    }
}
