package io.mixkit.train;

/**
 * Settings of one training run. Defaults are the Hugging Face fine-tuning conventions; presets
 * (the MixText recipes) override them. Build one with {@link #builder()} (every setting optional, its
 * default in {@link Builder}); the record's fields are what a saved run's {@code trainer.json} holds.
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
 * @param lengthBucketWindow group training examples of similar length into batches, sorting windows of this
 *     many batches ({@link io.mixkit.mix.LengthBuckets}); 0 = off (plain shuffled batches)
 */
public record TrainConfig(int epochs, int batchSize, double lrEncoder, double lrHead, double weightDecay,
                          double adamEpsilon, LearningRateSchedule schedule, double warmupFraction,
                          double maxGradNorm, long seed, int evalEverySteps, int patience,
                          int checkpointEverySteps, long maxSteps, String optimizer, int lengthBucketWindow) {

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
        if (lengthBucketWindow < 0) {
            throw new IllegalArgumentException("length-bucket window must be at least 0, got " + lengthBucketWindow);
        }
        if (optimizer == null) {
            optimizer = "adamw";
        }
        if (!optimizer.equals("adamw") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; expected adamw or sgd");
        }
    }

    /** @return a builder holding the defaults: 3 epochs, batch 16, lr 2e-5 / 1e-3, wd 0.01, linear schedule with 10% warm-up, clip 1.0, seed 42 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults ({@link #builder()} unchanged) */
    public static TrainConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from these settings */
    public Builder toBuilder() {
        return builder().optEpochs(epochs).optBatchSize(batchSize).optLearningRates(lrEncoder, lrHead)
                .optWeightDecay(weightDecay).optAdamEpsilon(adamEpsilon).optSchedule(schedule, warmupFraction)
                .optMaxGradNorm(maxGradNorm).optSeed(seed).optEvaluation(evalEverySteps, patience)
                .optCheckpointEvery(checkpointEverySteps).optMaxSteps(maxSteps).optOptimizer(optimizer)
                .optLengthBuckets(lengthBucketWindow);
    }

    /** @param v epochs @return a copy with it */
    public TrainConfig withEpochs(int v) {
        return toBuilder().optEpochs(v).build();
    }

    /** @param v batch size @return a copy with it */
    public TrainConfig withBatchSize(int v) {
        return toBuilder().optBatchSize(v).build();
    }

    /** @param enc body rate @param head head rate @return a copy with them */
    public TrainConfig withLearningRates(double enc, double head) {
        return toBuilder().optLearningRates(enc, head).build();
    }

    /** @param v seed @return a copy with it */
    public TrainConfig withSeed(long v) {
        return toBuilder().optSeed(v).build();
    }

    /** @param s schedule @param warmup warm-up fraction @return a copy with them */
    public TrainConfig withSchedule(LearningRateSchedule s, double warmup) {
        return toBuilder().optSchedule(s, warmup).build();
    }

    /** @param every evaluation interval in steps (0 = per epoch) @param pat patience @return a copy */
    public TrainConfig withEvaluation(int every, int pat) {
        return toBuilder().optEvaluation(every, pat).build();
    }

    /** @param every checkpoint interval in steps @return a copy */
    public TrainConfig withCheckpointEvery(int every) {
        return toBuilder().optCheckpointEvery(every).build();
    }

    /** @param wd weight decay @param clip clipping norm @return a copy */
    public TrainConfig withRegularisation(double wd, double clip) {
        return toBuilder().optWeightDecay(wd).optMaxGradNorm(clip).build();
    }

    /** @param v adamw or sgd @return a copy */
    public TrainConfig withOptimizer(String v) {
        return toBuilder().optOptimizer(v).build();
    }

    /** @param v step limit (0 = none) @return a copy */
    public TrainConfig withMaxSteps(long v) {
        return toBuilder().optMaxSteps(v).build();
    }

    /** Builds a {@link TrainConfig}, DJL style: every setting optional, the defaults below in one place. */
    public static final class Builder {
        private int epochs = 3;
        private int batchSize = 16;
        private double lrEncoder = 2e-5;
        private double lrHead = 1e-3;
        private double weightDecay = 0.01;
        private double adamEpsilon = 1e-8;
        private LearningRateSchedule schedule = LearningRateSchedule.LINEAR;
        private double warmupFraction = 0.1;
        private double maxGradNorm = 1.0;
        private long seed = 42;
        private int evalEverySteps;
        private int patience;
        private int checkpointEverySteps;
        private long maxSteps;
        private String optimizer = "adamw";
        private int lengthBucketWindow;

        private Builder() {}

        /** @param v passes over the training set (3) @return this */
        public Builder optEpochs(int v) {
            epochs = v;
            return this;
        }

        /** @param v rows per step (16) @return this */
        public Builder optBatchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param encoder the body's rate (2e-5) @param head the head's rate (1e-3) @return this */
        public Builder optLearningRates(double encoder, double head) {
            lrEncoder = encoder;
            lrHead = head;
            return this;
        }

        /** @param v one rate for body and head (image models) @return this */
        public Builder optLearningRate(double v) {
            return optLearningRates(v, v);
        }

        /** @param v decoupled weight decay (0.01) @return this */
        public Builder optWeightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /** @param v AdamW epsilon (1e-8) @return this */
        public Builder optAdamEpsilon(double v) {
            adamEpsilon = v;
            return this;
        }

        /** @param s the schedule (linear) @param warmup share of steps warming up (0.1) @return this */
        public Builder optSchedule(LearningRateSchedule s, double warmup) {
            schedule = s;
            warmupFraction = warmup;
            return this;
        }

        /** @param v global-norm clipping threshold, 0 for none (1.0) @return this */
        public Builder optMaxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        /** @param v the seed (42) @return this */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** @param every validate every so many steps, 0 = each epoch (0) @param pat patience, 0 = never stop (0) @return this */
        public Builder optEvaluation(int every, int pat) {
            evalEverySteps = every;
            patience = pat;
            return this;
        }

        /** @param every also save resumable state every so many steps (0 = at evaluations and epoch ends) @return this */
        public Builder optCheckpointEvery(int every) {
            checkpointEverySteps = every;
            return this;
        }

        /** @param v stop after this many steps, 0 = no limit (0) @return this */
        public Builder optMaxSteps(long v) {
            maxSteps = v;
            return this;
        }

        /** @param v adamw or sgd (adamw) @return this */
        public Builder optOptimizer(String v) {
            optimizer = v;
            return this;
        }

        /** @param window batches per length-sorting window; 0 = off (0) @return this */
        public Builder optLengthBuckets(int window) {
            lengthBucketWindow = window;
            return this;
        }

        /** @return the settings, validated */
        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, lrEncoder, lrHead, weightDecay, adamEpsilon, schedule, warmupFraction,
                    maxGradNorm, seed, evalEverySteps, patience, checkpointEverySteps, maxSteps, optimizer,
                    lengthBucketWindow);
        }
    }
}
