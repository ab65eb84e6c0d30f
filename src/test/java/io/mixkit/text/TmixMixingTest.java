package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mixkit.MixKitRuntime;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.Seeds;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.StageState;
import io.mixkit.train.strategy.StageMix;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TMix's mixing for a fixed seed: hidden states, union mask and soft targets against values worked out by hand. */
class TmixMixingTest {

    @Test
    void mixedStatesMasksAndTargetsFollowTheFormula() {
        MixKitRuntime.init();
        // 3 rows, 3 tokens, hidden size 2; row 2 has one padding position, row 1 two.
        float[] h = {
            1, 2, 3, 4, 5, 6,       // row 0
            -1, 0, 7, 1, 9, 9,      // row 1 (tokens 1 and 2 are padding)
            2, 2, 4, 4, 0, 0};      // row 2 (token 2 is padding)
        float[] mask = {1, 1, 1, 1, 0, 0, 1, 1, 0};
        int[] labels = {0, 1, 1};
        StageMix<EncodedBatch> tmix = new StageMix<>("tmix", new int[] {4, 5, 6}, 0.4, true, LambdaMode.BATCH);
        try (NDManager m = NDManager.newBaseManager()) {
            StageState s = new StageState(m.create(h, new Shape(3, 3, 2)), m.create(mask, new Shape(3, 3)));
            UniformRandomProvider rng = Seeds.random(3);
            StageMix.Mixed mixed = tmix.mix(5, s, labels, 2, rng);
            int[] p = mixed.perm();
            float l = mixed.lambda()[0];
            // Seed 3 gives this permutation (seed 11 gives the identity: as torch.randperm, rows may keep themselves) and this folded Beta(0.4, 0.4) draw (one per batch).
            assertArrayEquals(new int[] {1, 2, 0}, p, Arrays.toString(p));
            assertTrue(l >= 0.5f && l <= 1f, "folded weight " + l);
            assertEquals(l, mixed.lambda()[1]);
            assertEquals(l, mixed.lambda()[2]);
            // By hand: row0 = l*row0 + (1-l)*row1, row1 = l*row1 + (1-l)*row2, row2 = l*row2 + (1-l)*row0.
            float[] expected = new float[18];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 6; k++) {
                    expected[i * 6 + k] = l * h[i * 6 + k] + (1 - l) * h[p[i] * 6 + k];
                }
            }
            assertArrayEquals(expected, mixed.state().value().toFloatArray(), 1e-6f);
            assertEquals(l * 1 + (1 - l) * -1, mixed.state().value().getFloat(0, 0, 0), 1e-6f);
            // Union masks: row0 (1,1,1)|(1,0,0) = 1,1,1; row1 (1,0,0)|(1,1,0) = 1,1,0; row2 (1,1,0)|(1,1,1) = 1,1,1.
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 0, 1, 1, 1}, mixed.state().mask().toFloatArray());
            // Targets: row0 mixes class 0 with class 1; rows 1 and 2 are both class 1 with class-1 or class-0 partners.
            assertArrayEquals(new float[] {l, 1 - l, 0, 1, 1 - l, l}, mixed.targets().toFloatArray(), 1e-6f);
            NDArray rowSums = mixed.targets().sum(new int[] {1});
            assertArrayEquals(new float[] {1, 1, 1}, rowSums.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void paperLayerSetScalesWithDepth() {
        assertArrayEquals(new int[] {7, 9, 12}, TextMethods.paperLayers(12));
        assertArrayEquals(new int[] {4, 5, 6}, TextMethods.paperLayers(6));
    }
}
