package io.mixkit.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The few-label schedule rule: what a run does when neither a flag nor a preset fixes its length, its
 * batch size, how often it validates or when it stops early. Fine-tuning recipes count epochs, which
 * gives a 10-per-class set a handful of updates (3 epochs of 2 steps); this rule counts updates.
 *
 * <ul>
 *   <li>batch size {@code B = 16}, or {@code 8} below 128 training examples (more updates per epoch), never more
 *       than the set;</li>
 *   <li>at least {@link #MIN_UPDATES} updates: {@code epochs = max(3, ceil(U / ceil(n / B)))}, so a large set
 *       keeps the usual 3 epochs;</li>
 *   <li>validation at each epoch's end while that is at most {@link #VALIDATIONS} times, else every
 *       {@code ceil(total / VALIDATIONS)} updates;</li>
 *   <li>early stopping when a third of the updates ({@code ceil(total / 3)}) brought no better validation
 *       accuracy, counted in validations; never in a run of 3 epochs or fewer;</li>
 *   <li>at most {@link #VALID_PER_CLASS} validation examples per class held out of the training data
 *       (the MixText protocol's {@code --labels-per-class});</li>
 *   <li>a head that trains alone (frozen body) learns at {@link #FROZEN_HEAD_LR}.</li>
 * </ul>
 *
 * <p>The numbers come from {@code eval/plans/schedule-explore.json} (ERM at 10 labels per class on three
 * datasets with 150, 300 and 600 updates); {@code eval/results/schedule-explore.md} has the table.
 */
public final class ScheduleRule {

    /** Updates a small training set gets at least. */
    public static final int MIN_UPDATES = 300;

    /** Validations per run at most, when the rule chooses the interval. */
    public static final int VALIDATIONS = 15;

    /** Validation examples held out per class at most (the MixText protocol). */
    public static final int VALID_PER_CLASS = 50;

    /**
     * Head learning rate when only the head trains (a frozen body: the linear probe). A logistic regression on
     * fixed features is convex and far from its optimum after a few hundred AdamW steps at the fine-tuning head
     * rate (1e-3): the R8 probe's probabilities stayed near uniform (ECE 0.69); ten times that converges.
     */
    public static final double FROZEN_HEAD_LR = 1e-2;

    /** Epochs a large set gets (the Hugging Face fine-tuning convention). */
    public static final int BASE_EPOCHS = 3;

    /**
     * What was fixed by a flag, a preset or a library caller; null = the rule chooses.
     *
     * @param epochs passes over the data
     * @param batchSize rows per step
     * @param evalEvery validate every so many updates (0 = each epoch)
     * @param patience validations without improvement before stopping (0 = never)
     * @param lrHead the head's learning rate (null: the configuration's, or {@link #FROZEN_HEAD_LR} for a frozen body)
     */
    public record Request(Integer epochs, Integer batchSize, Integer evalEvery, Integer patience, Double lrHead) {

        /** @return a request that lets the rule choose everything */
        public static Request adaptive() {
            return new Request(null, null, null, null, null);
        }

        /** @param c a configuration @return a request that fixes everything to its values */
        public static Request fixed(TrainConfig c) {
            return new Request(c.epochs(), c.batchSize(), c.evalEverySteps(), c.patience(), c.lrHead());
        }
    }

    /**
     * The schedule a run uses, and why.
     *
     * @param config the configuration with the chosen values
     * @param stepsPerEpoch updates per epoch
     * @param updates updates in total (before early stopping; a {@code maxSteps} limit included)
     * @param patienceUpdates updates without improvement before stopping (0 = never)
     * @param chosen the settings the rule chose (the others were given)
     */
    public record Chosen(TrainConfig config, int stepsPerEpoch, long updates, long patienceUpdates, List<String> chosen) {

        /**
         * @param trainExamples labeled training examples
         * @param validExamples validation examples (0 = none)
         * @return one line for the run's log
         */
        public String describe(int trainExamples, int validExamples) {
            TrainConfig c = config;
            String valid = validExamples == 0 ? "no validation"
                    : "validation on " + validExamples + " examples " + (c.evalEverySteps() == 0 ? "after each epoch"
                    : "every " + c.evalEverySteps() + " updates")
                    + (c.patience() == 0 ? ", no early stopping" : ", early stop after " + c.patience()
                    + " validations (" + patienceUpdates + " updates) without improvement");
            String who = chosen.isEmpty() ? "all given" : "chosen for " + trainExamples + " training examples: "
                    + String.join(", ", chosen) + "; flags or a preset override";
            return "schedule: " + updates + " updates (" + c.epochs() + " epochs of " + stepsPerEpoch + ", batch "
                    + c.batchSize() + "), " + valid + " (" + who + ")";
        }
    }

    private ScheduleRule() {}

    /**
     * @param base the configuration whose other settings are kept
     * @param given what was fixed
     * @param trainExamples labeled training examples
     * @param hasValidation whether the run validates (no validation: no early stopping)
     * @return the schedule
     */
    public static Chosen apply(TrainConfig base, Request given, int trainExamples, boolean hasValidation) {
        return apply(base, given, trainExamples, hasValidation, false);
    }

    /**
     * @param base the configuration whose other settings are kept
     * @param given what was fixed
     * @param trainExamples labeled training examples
     * @param hasValidation whether the run validates (no validation: no early stopping)
     * @param frozenBody whether only the head trains (its learning rate then {@link #FROZEN_HEAD_LR} unless given)
     * @return the schedule
     */
    public static Chosen apply(TrainConfig base, Request given, int trainExamples, boolean hasValidation,
                               boolean frozenBody) {
        if (trainExamples < 1) {
            throw new IllegalArgumentException("the training set is empty");
        }
        List<String> chosen = new ArrayList<>();
        int batch;
        if (given.batchSize() != null) {
            batch = given.batchSize();
        } else {
            batch = Math.min(trainExamples < 128 ? 8 : 16, trainExamples);
            chosen.add("--batch-size " + batch);
        }
        int perEpoch = (trainExamples + batch - 1) / batch;
        int epochs;
        if (given.epochs() != null) {
            epochs = given.epochs();
        } else {
            epochs = Math.max(BASE_EPOCHS, (MIN_UPDATES + perEpoch - 1) / perEpoch);
            chosen.add("--epochs " + epochs);
        }
        long total = (long) perEpoch * epochs;
        if (base.maxSteps() > 0) {
            total = Math.min(total, base.maxSteps());
        }
        int evalEvery;
        if (given.evalEvery() != null) {
            evalEvery = given.evalEvery();
        } else {
            long validations = (total + perEpoch - 1) / perEpoch;
            evalEvery = validations <= VALIDATIONS ? 0 : (int) ((total + VALIDATIONS - 1) / VALIDATIONS);
            chosen.add("--eval-every " + evalEvery);
        }
        long interval = evalEvery == 0 ? perEpoch : evalEvery;
        int patience;
        if (given.patience() != null) {
            patience = given.patience();
        } else {
            patience = !hasValidation || epochs <= BASE_EPOCHS ? 0 : (int) Math.max(1, ((total + 2) / 3 + interval - 1) / interval);
            chosen.add("--patience " + patience);
        }
        double lrHead = base.lrHead();
        if (given.lrHead() != null) {
            lrHead = given.lrHead();
        } else if (frozenBody) {
            lrHead = FROZEN_HEAD_LR;
            chosen.add("--lr-head " + lrHead);
        }
        TrainConfig config = base.toBuilder().optEpochs(epochs).optBatchSize(batch)
                .optEvaluation(evalEvery, patience).optLearningRates(base.lrEncoder(), lrHead).build();
        return new Chosen(config, perEpoch, total, patience * interval, List.copyOf(chosen));
    }
}
