package io.mixkit.train;

import ai.djl.ndarray.NDManager;
import org.apache.commons.rng.UniformRandomProvider;


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
}
