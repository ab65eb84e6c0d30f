package io.mixkit.mix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PuzzleMix's greedy block transport (Kim et al., ICML 2020, section 3.2; {@code mask_transport} in the
 * reference): moves salient blocks of an image to where its mask keeps them, near where they were.
 *
 * <p>On a {@code w x w} grid of blocks, moving block i to position j costs
 * {@code C[i][j] = eps * |pos_i - pos_j|^2 / (w-1)^2 - s_i * [mask_j > 0]} ({@code s} the normalised
 * block saliency). For {@code w} rounds every block claims its cheapest position; where several claim
 * one position the cheapest claim wins and each loser's cost for that position grows by 1. The
 * reference stops there, so a block that still loses is dropped and its position left black; here
 * the blocks still unplaced after the rounds take the free positions greedily by cost, so the result is
 * always a permutation of blocks (pixels are moved, never lost).
 */
public final class BlockTransport {

    private BlockTransport() {}

    /**
     * @param mask mask value per block position, row-major {@code w x w}
     * @param saliency normalised saliency per block, same layout
     * @param eps the distance weight {@code t_eps} (reference 0.8)
     * @return {@code source[j]}: the block that moves to position j (a permutation)
     */
    public static int[] plan(float[] mask, float[] saliency, double eps) {
        int n = mask.length;
        int w = (int) Math.round(Math.sqrt(n));
        if (w * w != n || saliency.length != n) {
            throw new IllegalArgumentException("transport needs a square grid: mask " + n + " blocks, saliency " + saliency.length);
        }
        double norm = w > 1 ? (double) (w - 1) * (w - 1) : 1;
        double[][] cost = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int dr = i / w - j / w;
                int dc = i % w - j % w;
                cost[i][j] = eps * (dr * dr + dc * dc) / norm - (mask[j] > 0 ? saliency[i] : 0);
            }
        }
        return claim(cost, w);
    }

    /**
     * The same on a chain of {@code n} blocks (token blocks of a text): {@code C[i][j] = eps * (i - j)^2 / (n-1)^2
     * - s_i * [mask_j > 0]}, {@code ceil(sqrt(n))} rounds (as a grid of n blocks has {@code sqrt(n)}).
     *
     * @param mask mask value per block position
     * @param saliency normalised saliency per block
     * @param eps the distance weight
     * @return {@code source[j]}: the block that moves to position j (a permutation)
     */
    public static int[] planChain(float[] mask, float[] saliency, double eps) {
        int n = mask.length;
        if (saliency.length != n) {
            throw new IllegalArgumentException("transport: mask " + n + " blocks, saliency " + saliency.length);
        }
        double norm = n > 1 ? (double) (n - 1) * (n - 1) : 1;
        double[][] cost = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost[i][j] = eps * (i - j) * (i - j) / norm - (mask[j] > 0 ? saliency[i] : 0);
            }
        }
        return claim(cost, (int) Math.ceil(Math.sqrt(n)));
    }

    /** The rounds of claims on a cost matrix, then the completion to a permutation. */
    private static int[] claim(double[][] cost, int rounds) {
        int n = cost.length;
        int[] winnerOf = new int[n];
        for (int round = 0; round < rounds; round++) {
            Arrays.fill(winnerOf, -1);
            int[] choice = new int[n];
            for (int i = 0; i < n; i++) {
                choice[i] = argmin(cost[i]);
                int j = choice[i];
                if (winnerOf[j] < 0 || cost[i][j] < cost[winnerOf[j]][j]) {
                    winnerOf[j] = i;
                }
            }
            for (int i = 0; i < n; i++) {
                if (winnerOf[choice[i]] != i) {
                    cost[i][choice[i]] += 1;
                }
            }
        }
        return complete(winnerOf, cost);
    }

    /** Gives blocks that won nothing the free positions, cheapest (block, position) pair first. */
    private static int[] complete(int[] winnerOf, double[][] cost) {
        int n = winnerOf.length;
        boolean[] placed = new boolean[n];
        for (int j = 0; j < n; j++) {
            if (winnerOf[j] >= 0) {
                placed[winnerOf[j]] = true;
            }
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!placed[i]) {
                for (int j = 0; j < n; j++) {
                    if (winnerOf[j] < 0) {
                        pairs.add(new int[] {i, j});
                    }
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(cost[a[0]][a[1]], cost[b[0]][b[1]]));
        for (int[] pr : pairs) {
            if (!placed[pr[0]] && winnerOf[pr[1]] < 0) {
                winnerOf[pr[1]] = pr[0];
                placed[pr[0]] = true;
            }
        }
        return winnerOf;
    }

    private static int argmin(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] < row[best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Moves blocks of one image: position j of the output receives block {@code source[j]}.
     *
     * @param image {@code [C][H][W]} flattened, C*H*W values
     * @param channels C
     * @param size H = W
     * @param source the plan from {@link #plan}
     * @return the transported image, same layout
     */
    public static float[] apply(float[] image, int channels, int size, int[] source) {
        int w = (int) Math.round(Math.sqrt(source.length));
        int block = size / w;
        float[] out = new float[image.length];
        for (int j = 0; j < source.length; j++) {
            int i = source[j];
            int sr = (i / w) * block;
            int sc = (i % w) * block;
            int dr = (j / w) * block;
            int dc = (j % w) * block;
            for (int ch = 0; ch < channels; ch++) {
                int base = ch * size * size;
                for (int y = 0; y < block; y++) {
                    System.arraycopy(image, base + (sr + y) * size + sc, out, base + (dr + y) * size + dc, block);
                }
            }
        }
        return out;
    }
}
