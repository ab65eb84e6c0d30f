package io.mixkit.train;

/**
 * Stops the run after {@code patience} evaluations in a row without a new best (a listener that asks the
 * loop to stop; 0 = never). Its count is part of the resumable state, so a resumed run stops where the
 * uninterrupted one would.
 */
public final class EarlyStopping implements TrainingListener {

    private final int patience;
    private int withoutImprovement;

    /** @param patience evaluations without improvement before stopping (0 = never) @param count the count so far */
    public EarlyStopping(int patience, int count) {
        this.patience = patience;
        this.withoutImprovement = count;
    }

    @Override
    public void onEvaluation(Evaluation e) {
        withoutImprovement = e.best() ? 0 : withoutImprovement + 1;
    }

    /** @return evaluations in a row without a new best */
    public int evaluationsWithoutImprovement() {
        return withoutImprovement;
    }

    @Override
    public boolean stopRequested() {
        return patience > 0 && withoutImprovement >= patience;
    }
}
