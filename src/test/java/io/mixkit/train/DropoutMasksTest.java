package io.mixkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Arrays;

class DropoutMasksTest {

    @Test
    void splitmix64MatchesItsPublishedFirstOutputs() {
        // SplitMix64 seeded with 0: the state advances by the golden gamma before each output (the reference
        // values of Vigna's splitmix64.c: 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f)
        assertEquals(0xe220a8397b1dcdafL, DropoutMasks.splitmix64(0x9E3779B97F4A7C15L));
        assertEquals(0x6e789e6aa1b965f4L, DropoutMasks.splitmix64(2 * 0x9E3779B97F4A7C15L));
        assertEquals(0x06c45d188009454fL, DropoutMasks.splitmix64(3 * 0x9E3779B97F4A7C15L));
    }

    @Test
    void elementsKeepTheirValueByTheTwoHalvesOfEachDraw() {
        // by hand: element 2j uses the high 32 bits of splitmix64(key + (j + 1) gamma), element 2j + 1 the low 32
        long key = 42;
        float rate = 0.5f;
        FloatBuffer out = FloatBuffer.allocate(5);
        DropoutMasks.fill(out, 5, key, rate, 1);
        long keep = DropoutMasks.keepThreshold(rate);
        assertEquals(1L << 31, keep);
        for (int i = 0; i < 5; i++) {
            long z = DropoutMasks.splitmix64(key + (i / 2 + 1L) * 0x9E3779B97F4A7C15L);
            long half = i % 2 == 0 ? z >>> 32 : z & 0xFFFFFFFFL;
            assertEquals(half < keep ? 2f : 0f, out.get(i), "element " + i);
        }
    }

    @Test
    void theMaskIsBernoulliWithTheInvertedScaleAndTheSameInAnyNumberOfChunks() {
        int n = 1_000_001;
        float rate = 0.1f;
        FloatBuffer one = FloatBuffer.allocate(n);
        FloatBuffer two = FloatBuffer.allocate(n);
        DropoutMasks.fill(one, n, 7, rate, 1);
        DropoutMasks.fill(two, n, 7, rate, 2);
        assertArrayEquals(one.array(), two.array());
        long dropped = 0;
        long pairsBothDropped = 0;
        for (int i = 0; i < n; i++) {
            float v = one.get(i);
            assertTrue(v == 0f || v == 1f / 0.9f, "value " + v);
            if (v == 0f) {
                dropped++;
                if (i > 0 && one.get(i - 1) == 0f) {
                    pairsBothDropped++;
                }
            }
        }
        // binomial: mean n p = 100,000, sd sqrt(n p (1 - p)) = 300; neighbours independent: (n - 1) p^2 = 10,000, sd ~ 95
        assertEquals(100_000, dropped, 5 * 300);
        assertEquals(10_000, pairsBothDropped, 5 * 95);
    }

    @Test
    void aSeedRepeatsTheStreamAndEachCallDrawsAFreshMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(64, 64));
            DropoutMasks.seed(5);
            float[] a = DropoutMasks.apply(x, 0.3f).toFloatArray();
            float[] b = DropoutMasks.apply(x, 0.3f).toFloatArray();
            DropoutMasks.seed(5);
            float[] a2 = DropoutMasks.apply(x, 0.3f).toFloatArray();
            assertArrayEquals(a, a2);
            assertFalse(Arrays.equals(a, b));
            DropoutMasks.seed(6);
            assertFalse(Arrays.equals(a, DropoutMasks.apply(x, 0.3f).toFloatArray()));
            assertSame(x, DropoutMasks.apply(x, 0f));
            // the libtorch tensor was written in place: every value 0 or 1 / (1 - p)
            NDArray big = m.ones(new Shape(1000, 1000));
            float[] v = DropoutMasks.apply(big, 0.25f).toFloatArray();
            long zeros = 0;
            for (float f : v) {
                assertTrue(f == 0f || Math.abs(f - 1f / 0.75f) < 1e-6f, "value " + f);
                zeros += f == 0f ? 1 : 0;
            }
            assertEquals(250_000, zeros, 5 * 433); // sd sqrt(n p (1 - p)) = 433
        }
    }

    @Test
    void theGradientIsTheMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(300, 1000)).add(5f); // no zeros
            x.setRequiresGradient(true);
            DropoutMasks.seed(11);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = DropoutMasks.apply(x, 0.2f);
                NDArray loss = y.mul(y).sum();
                DropoutMasks.apply(m.ones(new Shape(300, 1000)), 0.9f); // another mask before backward
                gc.backward(loss);
            }
            float[] g = x.getGradient().toFloatArray();
            float[] xs = x.toFloatArray();
            float[] ys = y.toFloatArray();
            long dropped = 0;
            for (float v : ys) {
                dropped += v == 0f ? 1 : 0;
            }
            // a mask, not the identity: 300,000 draws at p 0.2, sd sqrt(n p (1 - p)) = 219
            assertEquals(60_000, dropped, 5 * 219);
            for (int i = 0; i < g.length; i++) {
                float mask = ys[i] / xs[i]; // 0 or 1 / 0.8
                assertEquals(2 * ys[i] * mask, g[i], 1e-3f * Math.abs(g[i]) + 1e-6f, "element " + i);
            }
        }
    }
}
