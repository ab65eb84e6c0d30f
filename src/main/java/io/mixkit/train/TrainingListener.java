package io.mixkit.train;

import java.util.Map;

/**
 * Observes a run: progress, metric logs, plots, and the loop's own policies (best-model keeping, early
 * stopping). A listener never changes a step; it may ask the loop to stop after one ({@link #stopRequested}).
 */
public interface TrainingListener {

    /**
     * One optimisation step has finished.
     *
     * @param step 1-based global step
     * @param totalSteps planned steps
     * @param epoch 1-based epoch
     * @param loss the total loss of the step
     * @param parts named loss terms (e.g. {@code mix}, {@code clean}, {@code unlabeled})
     * @param learningRateScale the schedule's multiplier
     * @param gradNorm global gradient norm before clipping
     * @param examplesPerSecond throughput of this step
     * @param phases where the step's time went
     */
    record Step(long step, long totalSteps, int epoch, double loss, Map<String, Double> parts,
                double learningRateScale, double gradNorm, double examplesPerSecond, Phases phases) {}

    /**
     * Where one step's time went (libtorch on the CPU runs each op before the call returns, so the wall
     * time of each phase is its cost).
     *
     * @param batchSeconds making the batch (tokenised texts to tensors, images to a tensor)
     * @param beforeSeconds the strategy's work before recording (saliency passes, input mixing)
     * @param forwardSeconds the recorded forward pass and the loss
     * @param backwardSeconds backward
     * @param normSeconds the global gradient norm and its finiteness check
     * @param updateSeconds clipping and the optimiser's update
     * @param stepArrays tensors the step made in its manager (each one native call or more): a measure of
     *     JNI traffic
     */
    record Phases(double batchSeconds, double beforeSeconds, double forwardSeconds, double backwardSeconds,
                  double normSeconds, double updateSeconds, int stepArrays) {}

    /**
     * An evaluation on the validation set.
     *
     * @param step the global step it followed
     * @param epoch the epoch
     * @param metrics the validation metrics
     * @param best whether it is the best so far (the model is kept)
     */
    record Evaluation(long step, int epoch, ClassificationMetrics metrics, boolean best) {}

    /** @param startStep steps already done (0, or the resumed step) @param totalSteps planned steps */
    default void onStart(long startStep, long totalSteps) {}

    /** @param s the step */
    default void onStep(Step s) {}

    /**
     * A step was dropped because its loss or gradient was not finite ({@link NonFinitePolicy#SKIP}).
     *
     * @param step the 1-based step
     * @param what what was not finite
     */
    default void onSkippedStep(long step, String what) {}

    /** @param e the evaluation */
    default void onEvaluation(Evaluation e) {}

    /** @return whether the loop should stop after the current step (checked after each step and its evaluation) */
    default boolean stopRequested() {
        return false;
    }

    /** @param stepsDone steps run in total @param stoppedEarly whether a listener stopped the run */
    default void onEnd(long stepsDone, boolean stoppedEarly) {}
}
