package io.mixkit.train;

/**
 * Learning-rate multipliers per step, as Hugging Face's schedules.
 *
 * <ul>
 *   <li>{@code linear}: {@code s / W} during warm-up, then {@code (N - s) / (N - W)} down to 0
 *       ({@code get_linear_schedule_with_warmup});
 *   <li>{@code constant}: {@code s / W} during warm-up, then 1 (the MixText reference uses no schedule);
 *   <li>{@code step}: {@code s / W} during warm-up, then 1, 0.1 after a third of the run and 0.01 after two
 *       thirds (PuzzleMix's decay at epochs 400 and 800 of 1200, scaled to the run).
 * </ul>
 * {@code s} is the number of updates already taken (0 for the first), {@code N} the total, {@code W} the warm-up steps.
 */
public enum LearningRateSchedule {
    /** Linear warm-up, then linear decay to zero. */
    LINEAR,
    /** Linear warm-up, then constant. */
    CONSTANT,
    /** Linear warm-up, then x0.1 at 1/3 and 2/3 of the steps. */
    STEP;

    /**
     * @param stepsTaken updates already taken (0-based index of this update)
     * @param total total updates in the run
     * @param warmup warm-up updates
     * @return the multiplier for this update
     */
    public double factor(long stepsTaken, long total, long warmup) {
        if (stepsTaken < warmup) {
            return (double) stepsTaken / Math.max(1, warmup);
        }
        if (this == CONSTANT) {
            return 1.0;
        }
        if (this == STEP) {
            return stepsTaken * 3 >= 2 * total ? 0.01 : stepsTaken * 3 >= total ? 0.1 : 1.0;
        }
        return Math.max(0.0, (double) (total - stepsTaken) / Math.max(1, total - warmup));
    }

    /**
     * @param name linear or constant
     * @return the schedule
     */
    public static LearningRateSchedule parse(String name) {
        for (LearningRateSchedule s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "'; expected linear, constant or step");
    }
}
