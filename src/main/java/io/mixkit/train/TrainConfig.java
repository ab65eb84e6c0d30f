package io.mixkit.train;

/**
 * Settings of one training run. Defaults are the Hugging Face fine-tuning conventions; presets
 * (the MixText recipes) override them.
 *
 * @param epochs passes over the training set
 * @param batchSize rows per step
 * @param lrEncoder learning rate of the body (encoder, backbone)
 * @param lrHead learning rate of the classification head
 * @param weightDecay decoupled weight decay (not on biases and LayerNorms)
 * @param adamEpsilon AdamW epsilon
 * @param schedule learning-rate schedule
 * @param warmupFraction share of the steps spent warming up
 * @param maxGradNorm global-norm clipping threshold, 0 for none
 * @param seed fixes data order, mixing draws, dropout and initialisation
 * @param evalEverySteps evaluate on the validation set every so many steps; 0 = at the end of each epoch
 * @param patience stop after this many evaluations without improvement; 0 = never stop early
 * @param checkpointEverySteps also save resumable state every so many steps; 0 = at evaluations only
 * @param maxSteps stop after this many steps in total (0 = no limit); for smoke tests and benchmarks
 * @param optimizer {@code adamw} ({@link AdamW}) or {@code sgd} ({@link Sgd}: momentum 0.9, Nesterov, the
 *     PuzzleMix recipe; weight decay then coupled and on every parameter)
 */
public record TrainConfig(int epochs, int batchSize, double lrEncoder, double lrHead, double weightDecay,
                          double adamEpsilon, LearningRateSchedule schedule, double warmupFraction,
                          double maxGradNorm, long seed, int evalEverySteps, int patience,
                          int checkpointEverySteps, long maxSteps, String optimizer) {

    /** Validates, naming the setting. */
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!(lrEncoder >= 0) || !(lrHead >= 0)) {
            throw new IllegalArgumentException("learning rates must be >= 0, got " + lrEncoder + " and " + lrHead);
        }
        if (warmupFraction < 0 || warmupFraction >= 1) {
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1), got " + warmupFraction);
        }
        if (optimizer == null) {
            optimizer = "adamw";
        }
        if (!optimizer.equals("adamw") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; expected adamw or sgd");
        }
    }

    /** @return the defaults: 3 epochs, batch 16, lr 2e-5 / 1e-3, wd 0.01, linear schedule with 10% warm-up, clip 1.0, seed 42 */
    public static TrainConfig defaults() {
        return new TrainConfig(3, 16, 2e-5, 1e-3, 0.01, 1e-8, LearningRateSchedule.LINEAR, 0.1, 1.0, 42, 0, 0, 0, 0, "adamw");
    }

    /** @param v epochs @return a copy with it */
    public TrainConfig withEpochs(int v) {
        return new TrainConfig(v, batchSize, lrEncoder, lrHead, weightDecay, adamEpsilon, schedule, warmupFraction,
                maxGradNorm, seed, evalEverySteps, patience, checkpointEverySteps, maxSteps, optimizer);
    }

    /** @param v batch size @return a copy with it */
    public TrainConfig withBatchSize(int v) {
        return new TrainConfig(epochs, v, lrEncoder, lrHead, weightDecay, adamEpsilon, schedule, warmupFraction,
                maxGradNorm, seed, evalEverySteps, patience, checkpointEverySteps, maxSteps, optimizer);
    }

    /** @param enc body rate @param head head rate @return a copy with them */
    public TrainConfig withLearningRates(double enc, double head) {
        return new TrainConfig(epochs, batchSize, enc, head, weightDecay, adamEpsilon, schedule, warmupFraction,
                maxGradNorm, seed, evalEverySteps, patience, checkpointEverySteps, maxSteps, optimizer);
    }

    /** @param v seed @return a copy with it */
    public TrainConfig withSeed(long v) {
        return new TrainConfig(epochs, batchSize, lrEncoder, lrHead, weightDecay, adamEpsilon, schedule, warmupFraction,
                maxGradNorm, v, evalEverySteps, patience, checkpointEverySteps, maxSteps, optimizer);
    }

    /** @param s schedule @param warmup warm-up fraction @return a copy with them */
    public TrainConfig withSchedule(LearningRateSchedule s, double warmup) {
        return new TrainConfig(epochs, batchSize, lrEncoder, lrHead, weightDecay, adamEpsilon, s, warmup,
                maxGradNorm, seed, evalEverySteps, patience, checkpointEverySteps, maxSteps, optimizer);
    }

    /** @param every evaluation interval in steps (0 = per epoch) @param pat patience @return a copy */
    public TrainConfig withEvaluation(int every, int pat) {
        return new TrainConfig(epochs, batchSize, lrEncoder, lrHead, weightDecay, adamEpsilon, schedule, warmupFraction,
                maxGradNorm, seed, every, pat, checkpointEverySteps, maxSteps, optimizer);
    }

    /** @param every checkpoint interval in steps @return a copy */
    public TrainConfig withCheckpointEvery(int every) {
        return new TrainConfig(epochs, batchSize, lrEncoder, lrHead, weightDecay, adamEpsilon, schedule, warmupFraction,
                maxGradNorm, seed, evalEverySteps, patience, every, maxSteps, optimizer);
    }

    /** @param wd weight decay @param clip clipping norm @return a copy */
    public TrainConfig withRegularisation(double wd, double clip) {
        return new TrainConfig(epochs, batchSize, lrEncoder, lrHead, wd, adamEpsilon, schedule, warmupFraction,
                clip, seed, evalEverySteps, patience, checkpointEverySteps, maxSteps, optimizer);
    }

    /** @param v adamw or sgd @return a copy */
    public TrainConfig withOptimizer(String v) {
        return new TrainConfig(epochs, batchSize, lrEncoder, lrHead, weightDecay, adamEpsilon, schedule, warmupFraction,
                maxGradNorm, seed, evalEverySteps, patience, checkpointEverySteps, maxSteps, v);
    }

    /** @param v step limit (0 = none) @return a copy */
    public TrainConfig withMaxSteps(long v) {
        return new TrainConfig(epochs, batchSize, lrEncoder, lrHead, weightDecay, adamEpsilon, schedule, warmupFraction,
                maxGradNorm, seed, evalEverySteps, patience, checkpointEverySteps, v, optimizer);
    }
}
