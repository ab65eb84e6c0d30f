package io.mixkit.mix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mixing kernels against values worked out by hand. */
class MixKernelsTest {

    NDManager m;

    @BeforeEach
    void open() {
        io.mixkit.MixKitRuntime.init();
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void mixRowsUsesPerRowWeights() {
        // h = [[1,2],[3,4],[5,6]], perm = [2,0,1], l = [0.5, 0.25, 1]
        // row0 = .5*[1,2] + .5*[5,6] = [3,4]; row1 = .25*[3,4] + .75*[1,2] = [1.5,2.5]; row2 = [5,6]
        NDArray h = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
        NDArray mixed = Interpolation.mixRows(h, new int[] {2, 0, 1}, new float[] {0.5f, 0.25f, 1f});
        assertArrayEquals(new float[] {3, 4, 1.5f, 2.5f, 5, 6}, mixed.toFloatArray(), 1e-6f);
    }

    @Test
    void mixRowsBroadcastsOverHiddenStates() {
        // [B=2, T=2, H=1]: l = 0.75 for both rows, partners swapped.
        NDArray h = m.create(new float[] {0, 4, 8, 12}, new Shape(2, 2, 1));
        NDArray mixed = Interpolation.mixRows(h, new int[] {1, 0}, new float[] {0.75f, 0.75f});
        // row0 = .75*[0,4] + .25*[8,12] = [2,6]; row1 = .75*[8,12] + .25*[0,4] = [6,10]
        assertArrayEquals(new float[] {2, 6, 6, 10}, mixed.toFloatArray(), 1e-6f);
        assertEquals(new Shape(2, 2, 1), mixed.getShape());
    }

    @Test
    void mixRowsRejectsWrongCounts() {
        NDArray h = m.create(new float[] {1, 2}, new Shape(2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpolation.mixRows(h, new int[] {0}, new float[] {1f, 1f}));
        assertTrue(e.getMessage().contains("2 rows but got 1 partners"), e.getMessage());
    }

    @Test
    void unionOfMasks() {
        // row0 [1,1,0,0] with row1 [1,1,1,0] -> [1,1,1,0]; row1 with row0 -> [1,1,1,0]; row2 alone.
        NDArray mask = m.create(new float[] {1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0}, new Shape(3, 4));
        NDArray u = AttentionMasks.union(mask, new int[] {1, 0, 2});
        assertArrayEquals(new float[] {1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0}, u.toFloatArray());
    }

    @Test
    void oneHotAndSoftTargetMixing() {
        NDArray y = SoftTargets.oneHot(m, new int[] {0, 2}, 3);
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, y.toFloatArray());
        // l = 0.7: row0 = .7*[1,0,0] + .3*[0,0,1]; row1 = .7*[0,0,1] + .3*[1,0,0]
        NDArray mixed = SoftTargets.mix(y, new int[] {1, 0}, new float[] {0.7f, 0.7f});
        assertArrayEquals(new float[] {0.7f, 0, 0.3f, 0.3f, 0, 0.7f}, mixed.toFloatArray(), 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftTargets.oneHot(m, new int[] {0, 3}, 3));
        assertTrue(e.getMessage().contains("label 3 at row 1"), e.getMessage());
    }

    @Test
    void labelSmoothing() {
        // eps = 0.1, C = 4: 1 -> 0.9 + 0.025 = 0.925, 0 -> 0.025
        NDArray s = SoftTargets.smooth(SoftTargets.oneHot(m, new int[] {1}, 4), 0.1f);
        assertArrayEquals(new float[] {0.025f, 0.925f, 0.025f, 0.025f}, s.toFloatArray(), 1e-6f);
    }

    @Test
    void sharpening() {
        // p = [0.6, 0.4], T = 0.5: p^2 = [0.36, 0.16] / 0.52 = [0.692308, 0.307692]
        NDArray q = SoftTargets.sharpen(m.create(new float[] {0.6f, 0.4f}, new Shape(1, 2)), 0.5f);
        assertArrayEquals(new float[] {0.36f / 0.52f, 0.16f / 0.52f}, q.toFloatArray(), 1e-6f);
        // T = 1 is the identity
        NDArray id = SoftTargets.sharpen(m.create(new float[] {0.2f, 0.3f, 0.5f}, new Shape(1, 3)), 1f);
        assertArrayEquals(new float[] {0.2f, 0.3f, 0.5f}, id.toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> SoftTargets.sharpen(id, 0f));
    }

    @Test
    void flipPairsEnds() {
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, Partners.flip(5));
    }

    @Test
    void permutationIsSeededAndComplete() {
        int[] a = Partners.permutation(10, Seeds.random(42));
        int[] b = Partners.permutation(10, Seeds.random(42));
        int[] c = Partners.permutation(10, Seeds.random(43));
        assertArrayEquals(a, b, "same seed, same permutation");
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    }

    @Test
    void betaWeightsHaveTheBetaMoments() {
        // Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)); a = 0.75 -> 0.1. Folded: E[max(l,1-l)] > 1/2.
        UniformRandomProvider rng = Seeds.random(7);
        int n = 200_000;
        float[] lam = new MixingWeights(0.75, false, LambdaMode.ELEMENT).sample(rng, new int[n]);
        double mean = 0;
        double sq = 0;
        for (float l : lam) {
            mean += l;
            sq += (double) l * l;
        }
        mean /= n;
        double var = sq / n - mean * mean;
        assertEquals(0.5, mean, 0.005);
        assertEquals(0.1, var, 0.002);
        float[] folded = new MixingWeights(0.75, true, LambdaMode.ELEMENT).sample(Seeds.random(7), new int[1000]);
        for (float l : folded) {
            assertTrue(l >= 0.5f && l <= 1f, "folded weight " + l);
        }
    }

    @Test
    void batchPairAndDisabledModes() {
        int[] flip = Partners.flip(4);
        float[] batch = new MixingWeights(1.0, false, LambdaMode.BATCH).sample(Seeds.random(1), flip);
        assertTrue(batch[0] == batch[1] && batch[1] == batch[2] && batch[2] == batch[3], Arrays.toString(batch));
        float[] pair = new MixingWeights(1.0, false, LambdaMode.PAIR).sample(Seeds.random(1), flip);
        assertEquals(pair[0], pair[3]);
        assertEquals(pair[1], pair[2]);
        assertNotEquals(pair[0], pair[1]);
        assertArrayEquals(new float[] {1, 1, 1, 1},
                new MixingWeights(0, false, LambdaMode.BATCH).sample(Seeds.random(1), flip));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MixingWeights(1.0, false, LambdaMode.PAIR).sample(Seeds.random(1), new int[] {1, 2, 0}));
        assertTrue(e.getMessage().contains("PAIR mode"), e.getMessage());
    }
}
