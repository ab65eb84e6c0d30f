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
    default void step(double lrScale) {
        step(lrScale, 1f);
    }

    /**
     * One update from the current gradients times {@code gradScale}, which are then zeroed.
     *
     * @param lrScale multiplier on every group's learning rate (the schedule's value at this step)
     * @param gradScale factor on every gradient before the update (global-norm clipping's, from
     *        {@link Gradients#clipScale}; 1 for none)
     */
    void step(double lrScale, float gradScale);

    /** @return updates taken so far */
    long steps();

    /** @return the state to checkpoint, by name (live views; write them out before the next step) */
    Map<String, NDArray> state();

    /**
     * @param saved arrays named as {@link #state()}
     * @param steps updates already taken
     */
    void restore(Map<String, NDArray> saved, long steps);

    /**
     * Copies saved arrays into the live state, by name (for {@link #restore}).
     *
     * @param saved arrays named as {@link #state()}
     * @throws IllegalArgumentException naming a missing entry
     */
    default void copyState(Map<String, NDArray> saved) {
        for (Map.Entry<String, NDArray> e : state().entrySet()) {
            NDArray src = saved.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("optimizer state lacks '" + e.getKey() + "'");
            }
            e.getValue().set(new ai.djl.ndarray.index.NDIndex(":"), src);
        }
    }

    /**
     * Moves a temporary to a scope that frees it.
     *
     * @param a an array
     * @param scope the per-update manager
     * @return {@code a}
     */
    static NDArray scoped(NDArray a, ai.djl.ndarray.NDManager scope) {
        a.attach(scope);
        return a;
    }

    /** Frees the state arrays. */
    @Override
    void close();
}
