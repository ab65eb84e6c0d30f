package io.mixkit.train;

import java.util.Locale;

/**
 * What the loop does with a step whose loss or gradient norm is NaN or infinite. Either way the
 * parameters are not updated with it: {@link #STOP} ends the run with a {@link NonFiniteStepException}
 * (the saved state is the last good one, so the run can be resumed), {@link #SKIP} discards the step's
 * gradients, counts the step and goes on.
 */
public enum NonFinitePolicy {
    /** End the run, naming the step and what was not finite (the default). */
    STOP,
    /** Drop the step's gradients, count it ({@code report.json}: {@code training.skipped_non_finite_steps}), continue. */
    SKIP;

    /**
     * @param name stop or skip, any case
     * @return the policy
     * @throws IllegalArgumentException naming the accepted values
     */
    public static NonFinitePolicy parse(String name) {
        for (NonFinitePolicy p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--on-non-finite must be stop or skip, got '" + name + "'");
    }

    /** @return the name as on the command line */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
