package io.mixkit.train;

/**
 * A training step produced a NaN or infinite loss, gradient or parameter, and the run was stopped before
 * that value could reach the parameters or a checkpoint.
 */
public final class NonFiniteStepException extends IllegalStateException {

    private final long step;
    private final long lastSavedStep;

    /**
     * @param step the 1-based step
     * @param what what was not finite and what was done, e.g. "the loss is NaN; the parameters were not
     *     updated with it"
     * @param lastSavedStep the step of the last saved state (0 for none)
     * @param lastSaved where that state is, or null
     */
    public NonFiniteStepException(long step, String what, long lastSavedStep, String lastSaved) {
        super("step " + step + ": " + what
                + (lastSaved == null ? " (no state was saved yet)"
                        : "; the last good state is " + lastSaved + " (step " + lastSavedStep + ")"));
        this.step = step;
        this.lastSavedStep = lastSavedStep;
    }

    /** @return the step that failed */
    public long step() {
        return step;
    }

    /** @return the step of the last good saved state, 0 if none */
    public long lastSavedStep() {
        return lastSavedStep;
    }
}
