package io.mixkit.mix;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token-level PuzzleMix's chain mask, with numbers worked out by hand and the exact minimum against exhaustive search. */
class TokenChainMaskTest {

    @Test
    void blockSaliencySumsRealTokensAndPadIsNeverSalient() {
        // blocks of 2: {1 + 2}, {3 + pad}, {pad}: 3, 3, 0 of 6; the pads' large values count as 0
        float[] s = TokenChainMask.blockSaliency(new float[] {1, 2, 3, 400, 500}, new long[] {1, 1, 1, 0, 0}, 2);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, s, 1e-7f);
        // no saliency at all: uniform over the text's real blocks, 0 on blocks of padding only
        float[] u = TokenChainMask.blockSaliency(new float[] {0, 0, 0, 7}, new long[] {1, 1, 1, 0}, 1);
        assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f, 0f}, u, 1e-7f);
    }

    @Test
    void boundaryPenaltyIsTheMeanAbsoluteDifferenceAcrossEachBoundary() {
        // T = 4, H = 2, blocks of 2: one boundary between positions 1 and 2
        float[][] self = {{0, 0}, {1, 2}, {3, 5}, {0, 0}};
        float[][] partner = {{0, 0}, {-1, 0}, {1, 1}, {0, 0}};
        double[][][][] p = TokenChainMask.boundaryPenalty(self, partner, 2);
        assertEquals(0, p[0][1][1].length);
        assertEquals(1, p[1][1][1].length);
        assertEquals((2 + 3) / 2.0, p[1][1][1][0], 1e-9); // own -> own: |1-3|, |2-5|
        assertEquals((0 + 1) / 2.0, p[1][1][0][0], 1e-9); // own -> partner: |1-1|, |2-1|
        assertEquals((4 + 5) / 2.0, p[1][0][1][0], 1e-9); // partner -> own: |-1-3|, |0-5|
        assertEquals((2 + 1) / 2.0, p[1][0][0][0], 1e-9); // partner -> partner: |-1-1|, |0-1|
    }

    @Test
    void theChainMaskIsTheExhaustiveMinimum() {
        UniformRandomProvider rng = Seeds.random(11);
        PuzzleMixEnergy.Settings settings = new PuzzleMixEnergy.Settings(3, 1.2, 0.5, 0.2);
        for (int trial = 0; trial < 40; trial++) {
            int t = 6 + rng.nextInt(5);
            int size = 1 + rng.nextInt(2);
            float[] a = new float[t];
            float[] b = new float[t];
            long[] ma = new long[t];
            long[] mb = new long[t];
            int la = 2 + rng.nextInt(t - 1);
            int lb = 2 + rng.nextInt(t - 1);
            float[][] ha = new float[t][3];
            float[][] hb = new float[t][3];
            for (int i = 0; i < t; i++) {
                a[i] = rng.nextFloat();
                b[i] = rng.nextFloat();
                ma[i] = i < la ? 1 : 0;
                mb[i] = i < lb ? 1 : 0;
                for (int k = 0; k < 3; k++) {
                    ha[i][k] = rng.nextFloat();
                    hb[i][k] = rng.nextFloat();
                }
            }
            double lam = rng.nextDouble();
            GridEnergy e = TokenChainMask.energy(a, b, ma, mb, TokenChainMask.boundaryPenalty(ha, hb, size), size, lam, settings);
            int[] f = ConvexLabeling.minimise(e);
            double best = Double.POSITIVE_INFINITY;
            int nodes = e.size();
            int[] g = new int[nodes];
            for (int code = 0; code < Math.pow(3, nodes); code++) {
                int c = code;
                for (int p = 0; p < nodes; p++) {
                    g[p] = c % 3;
                    c /= 3;
                }
                best = Math.min(best, e.energy(g));
            }
            assertEquals(best, e.energy(f), 1e-9, "trial " + trial);
        }
    }

    @Test
    void tokenMaskRepeatsBlocksAndTheLabelWeightIsItsMeanOverRealTokens() {
        assertArrayEquals(new float[] {1, 1, 0.5f, 0.5f, 0}, TokenChainMask.tokenMask(new float[] {1, 0.5f, 0}, 2, 5));
        // real in either text: positions 0, 1, 2 -> (1 + 0.5 + 0) / 3
        assertEquals(0.5f, TokenChainMask.labelWeight(new float[] {1, 0.5f, 0, 0}, new long[] {1, 1, 0, 0},
                new long[] {1, 1, 1, 0}), 1e-7f);
        assertTrue(TokenChainMask.labelWeight(new float[] {0.25f}, new long[] {0}, new long[] {0}) == 1f);
    }

    @Test
    void chainTransportMovesSalientBlocksToWhereTheMaskKeepsThem() {
        // mask keeps positions 0, 1; blocks 2, 3 hold the saliency; eps 0.1, 2 rounds. By hand (C = 0.1 d^2 / 9 - s [m > 0]):
        // round 1 all of 1, 2, 3 claim position 1, block 2 wins (-0.489); round 2 block 3 takes 0 (-0.4) from block 0;
        // blocks 1 and 0 then fill 2 and 3, cheapest first (1 -> 2 at 0.011, then 0 -> 3)
        assertArrayEquals(new int[] {3, 2, 1, 0}, BlockTransport.planChain(new float[] {1, 1, 0, 0},
                new float[] {0, 0, 0.5f, 0.5f}, 0.1));
    }

    @Test
    void tokenTransportMovesOnlyInteriorBlocks() {
        // 7 real tokens of 8 (position 6 is [SEP], 7 padding), blocks of 2: only blocks 1 (tokens 2, 3) and 2 (4, 5) are
        // interior. Block 2 is salient and the mask keeps block 1: block saliency 0.2 / 4.2 and 4 / 4.2, eps 0.8;
        // round 1 both claim position 1 (costs -0.048, -0.152), block 2 wins; round 2 block 1 takes position 2 (0.8).
        int[] source = TokenChainMask.transport(new float[] {1, 1, 0, 0}, new float[] {5, 5, 0.1f, 0.1f, 2, 2, 5, 5},
                new long[] {1, 1, 1, 1, 1, 1, 1, 0}, 2, 0.8);
        assertArrayEquals(new int[] {0, 1, 4, 5, 2, 3, 6, 7}, source);
        // a text too short for two interior blocks keeps its order
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, TokenChainMask.transport(new float[] {1, 0, 1}, new float[6],
                new long[] {1, 1, 1, 1, 0, 0}, 2, 0.8));
    }
}
