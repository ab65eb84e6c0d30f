package io.mixkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The few-label schedule rule, with every number worked out by hand from the rule's text. */
class ScheduleRuleTest {

    private static final TrainConfig BASE = TrainConfig.defaults();

    private static ScheduleRule.Chosen adaptive(int n) {
        return ScheduleRule.apply(BASE, ScheduleRule.Request.adaptive(), n, true);
    }

    private static void check(ScheduleRule.Chosen c, int batch, int perEpoch, int epochs, long updates, int evalEvery,
                              int patience, long patienceUpdates) {
        assertEquals(batch, c.config().batchSize(), "batch");
        assertEquals(perEpoch, c.stepsPerEpoch(), "steps per epoch");
        assertEquals(epochs, c.config().epochs(), "epochs");
        assertEquals(updates, c.updates(), "updates");
        assertEquals(evalEvery, c.config().evalEverySteps(), "eval every");
        assertEquals(patience, c.config().patience(), "patience");
        assertEquals(patienceUpdates, c.patienceUpdates(), "patience in updates");
    }

    @Test
    void tenPerClassOnTwoClassesGetsThreeHundredUpdates() {
        // n = 20 < 128: batch 8, ceil(20/8) = 3 steps; epochs = max(3, ceil(300/3)) = 100; 300 updates;
        // 100 epoch ends > 15, so every ceil(300/15) = 20; patience ceil(ceil(300/3) / 20) = 5 validations = 100 updates
        ScheduleRule.Chosen c = adaptive(20);
        check(c, 8, 3, 100, 300, 20, 5, 100);
        assertEquals(List.of("--batch-size 8", "--epochs 100", "--eval-every 20", "--patience 5"), c.chosen());
        assertEquals("schedule: 300 updates (100 epochs of 3, batch 8), validation on 100 examples every 20 updates, "
                + "early stop after 5 validations (100 updates) without improvement (chosen for 20 training examples: "
                + "--batch-size 8, --epochs 100, --eval-every 20, --patience 5; flags or a preset override)",
                c.describe(20, 100));
    }

    @Test
    void tenPerClassOnEightClasses() {
        // n = 80: batch 8, 10 steps, 30 epochs, 300 updates, every 20, patience 5
        check(adaptive(80), 8, 10, 30, 300, 20, 5, 100);
    }

    @Test
    void aLargeSetKeepsThreeEpochsValidatedEachEpochWithoutEarlyStopping() {
        // n = 2000: batch 16, 125 steps; max(3, ceil(300/125) = 3) = 3 epochs = 375 updates; 3 epoch ends <= 15
        check(adaptive(2000), 16, 125, 3, 375, 0, 0, 0);
    }

    @Test
    void aMidSizedSetGetsMoreEpochsAndPatienceInEpochs() {
        // n = 1000: batch 16, ceil(1000/16) = 63 steps; ceil(300/63) = 5 epochs = 315 updates; validated each
        // epoch; patience ceil(ceil(315/3) / 63) = ceil(105/63) = 2 validations = 126 updates
        check(adaptive(1000), 16, 63, 5, 315, 0, 2, 126);
    }

    @Test
    void aSetSmallerThanABatchIsOneBatch() {
        // n = 5: batch 5, 1 step per epoch, 300 epochs
        check(adaptive(5), 5, 1, 300, 300, 20, 5, 100);
    }

    @Test
    void givenValuesAreKeptAndTheRestStillChosen() {
        // --epochs 2 --batch-size 4 on 20: 5 steps, 10 updates, 2 epoch ends: each epoch; 2 epochs: no early stop
        ScheduleRule.Chosen c = ScheduleRule.apply(BASE, new ScheduleRule.Request(2, 4, null, null, null), 20, true);
        check(c, 4, 5, 2, 10, 0, 0, 0);
        assertEquals(List.of("--eval-every 0", "--patience 0"), c.chosen());
        ScheduleRule.Chosen fixed = ScheduleRule.apply(BASE, ScheduleRule.Request.fixed(BASE), 20, true);
        check(fixed, 16, 2, 3, 6, 0, 0, 0);
        assertEquals(List.of(), fixed.chosen());
    }

    @Test
    void aStepLimitShortensTheScheduleTheRuleSpacesValidationsOver() {
        // n = 20 with --max-steps 50: 50 updates; ceil(50/3) = 17 epoch ends > 15: every ceil(50/15) = 4;
        // patience ceil(ceil(50/3) / 4) = ceil(17/4) = 5 validations = 20 updates
        ScheduleRule.Chosen c = ScheduleRule.apply(BASE.withMaxSteps(50), ScheduleRule.Request.adaptive(), 20, true);
        check(c, 8, 3, 100, 50, 4, 5, 20);
    }

    @Test
    void withoutValidationThereIsNoEarlyStopping() {
        ScheduleRule.Chosen c = ScheduleRule.apply(BASE, ScheduleRule.Request.adaptive(), 20, false);
        check(c, 8, 3, 100, 300, 20, 0, 0);
        assertEquals("schedule: 300 updates (100 epochs of 3, batch 8), no validation (chosen for 20 training examples: "
                + "--batch-size 8, --epochs 100, --eval-every 20, --patience 0; flags or a preset override)", c.describe(20, 0));
    }

    @Test
    void aFrozenBodysHeadLearnsTenTimesFasterUnlessGiven() {
        ScheduleRule.Chosen probe = ScheduleRule.apply(BASE, ScheduleRule.Request.adaptive(), 20, true, true);
        assertEquals(1e-2, probe.config().lrHead());
        assertEquals(BASE.lrEncoder(), probe.config().lrEncoder()); // the run, not the rule, zeroes the body's rate
        assertEquals("--lr-head 0.01", probe.chosen().get(probe.chosen().size() - 1));
        assertEquals(1e-3, adaptive(20).config().lrHead()); // fine-tuning keeps the configuration's
        ScheduleRule.Chosen given = ScheduleRule.apply(BASE, new ScheduleRule.Request(null, null, null, null, 5e-3), 20, true, true);
        assertEquals(5e-3, given.config().lrHead());
    }

    @Test
    void anEmptySetIsAnError() {
        assertEquals("the training set is empty", assertThrows(IllegalArgumentException.class,
                () -> adaptive(0)).getMessage());
    }
}
