package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** An optimiser the loop drives: one update per step from the parameters' gradients, and a state to checkpoint. */
public interface Optimizer extends AutoCloseable {

    /**
     * One update from the current gradients, which are then zeroed.
     *
     * @param lrScale multiplier on every group's learning rate (the schedule's value at this step)
     */
    void step(double lrScale);

    /** @return updates taken so far */
    long steps();

    /** @return the state to checkpoint, by name (live views; write them out before the next step) */
    Map<String, NDArray> state();

    /**
     * @param saved arrays named as {@link #state()}
     * @param steps updates already taken
     */
    void restore(Map<String, NDArray> saved, long steps);

    /** Frees the state arrays. */
    @Override
    void close();
}
