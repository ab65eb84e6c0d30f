package io.mixkit.train;

import java.nio.file.Path;

/**
 * What {@link Trainer#fit(FitRequest)} trains on and where it keeps its state.
 *
 * @param train training examples
 * @param valid validation examples for evaluation, best-model keeping and early stopping, or null
 * @param stateDir where resumable state is saved, or null for none (the best model is then kept in memory)
 * @param resume continue the run saved in {@code stateDir}
 * @param <I> the model's input type
 */
public record FitRequest<I>(BatchSource<I> train, BatchSource<I> valid, Path stateDir, boolean resume) {

    /** Checks the combination. */
    public FitRequest {
        if (train == null) {
            throw new IllegalArgumentException("a fit needs training examples");
        }
        if (resume && stateDir == null) {
            throw new IllegalArgumentException("resume needs a state folder");
        }
    }

    /**
     * @param train training examples
     * @param <I> the input type
     * @return a builder with no validation set and no saved state
     */
    public static <I> Builder<I> builder(BatchSource<I> train) {
        return new Builder<>(train);
    }

    /** Builds a {@link FitRequest}; everything but the training examples is optional. */
    public static final class Builder<I> {
        private final BatchSource<I> train;
        private BatchSource<I> valid;
        private Path stateDir;
        private boolean resume;

        private Builder(BatchSource<I> train) {
            this.train = train;
        }

        /** @param v validation examples @return this */
        public Builder<I> optValidation(BatchSource<I> v) {
            valid = v;
            return this;
        }

        /** @param dir where resumable state is saved @return this */
        public Builder<I> optStateDir(Path dir) {
            stateDir = dir;
            return this;
        }

        /** @param v continue the run saved in the state folder @return this */
        public Builder<I> optResume(boolean v) {
            resume = v;
            return this;
        }

        /** @return the request */
        public FitRequest<I> build() {
            return new FitRequest<>(train, valid, stateDir, resume);
        }
    }
}
