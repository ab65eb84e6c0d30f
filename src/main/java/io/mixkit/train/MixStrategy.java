package io.mixkit.train;

import java.util.Map;

/**
 * A training method: turns a batch into logits, soft targets and extra loss terms, using the
 * model's stage calls and the {@code io.mixkit.mix} kernels.
 *
 * <p>The loop calls {@link #beforeRecording} outside gradient recording (a strategy may run its own
 * backward pass there, e.g. for saliency, through {@link SaliencyPass}), then
 * {@link #forward} inside it, and minimises {@code softCE(logits, targets) + sum(extra losses)}.
 *
 * @param <I> the model's input type
 */
public interface MixStrategy<I> extends AutoCloseable {

    /** @return the method's name, as on the command line ({@code erm}, {@code tmix}, ...) */
    String name();

    /**
     * Optional work before the step's gradient recording (saliency passes, input-space mixing).
     *
     * @param ctx the step
     * @param batch the clean batch
     * @return the batch {@link #forward} receives (by default the same)
     */
    default Batch<I> beforeRecording(StepContext<I> ctx, Batch<I> batch) {
        return batch;
    }

    /**
     * The training forward pass, with gradient recording on.
     *
     * @param ctx the step
     * @param batch the batch from {@link #beforeRecording}
     * @return logits, soft targets and extra losses
     */
    StepResult forward(StepContext<I> ctx, Batch<I> batch);

    /**
     * The method's own running state that a resumed run needs to continue exactly (MixText's running class
     * distribution for distribution alignment), by name; saved with each checkpoint.
     *
     * @return copies of the state's arrays; none by default
     */
    default Map<String, double[]> state() {
        return Map.of();
    }

    /**
     * Takes back what {@link #state()} returned when the run was saved.
     *
     * @param saved the saved state (empty for a run saved without any)
     */
    default void restore(Map<String, double[]> saved) {}

    /** Releases what the method owns (PuzzleMix: its graph-cut threads); nothing by default. */
    @Override
    default void close() {}
}
