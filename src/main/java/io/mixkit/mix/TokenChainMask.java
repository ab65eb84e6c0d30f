package io.mixkit.mix;

/**
 * PuzzleMix's mask on the 1-D chain of token blocks of two texts (token-level PuzzleMix): pure host
 * arithmetic over token saliency, padding masks and boundary hidden states.
 *
 * <p>For a block size {@code s}, positions {@code 0..T-1} form {@code B = ceil(T / s)} blocks. A block's
 * saliency is the sum of its tokens' saliency with padding counted as 0, normalised over the text to sum 1
 * (uniform over the text's real blocks if all are 0), so a pad position never carries saliency. The energy
 * is PuzzleMix's ({@link PuzzleMixEnergy#build} with one row): unary {@code m s_partner + (1 - m) s_self}
 * plus the binomial prior on {@code lam}, label smoothness {@code beta} between neighbouring blocks, and
 * data smoothness {@code gamma}: the mean absolute difference of the hidden states across each block
 * boundary for each choice of sources. It is minimised exactly ({@link ConvexLabeling}). The token mask
 * repeats each block's value; the label weight is its mean over the tokens real in either text.
 * Optionally ({@link #transport}) each text's salient blocks then move to where the mask keeps that text
 * ({@link BlockTransport#planChain}), among the blocks of its interior tokens only: [CLS], the last real token
 * ([SEP]) and padding stay where they are, so pooling and the padding masks are unchanged.
 */
public final class TokenChainMask {

    private TokenChainMask() {}

    /**
     * @param saliency per position
     * @param mask 1 for a real token, 0 for padding
     * @param blockSize tokens per block
     * @return per block, normalised to sum 1
     */
    public static float[] blockSaliency(float[] saliency, long[] mask, int blockSize) {
        int t = saliency.length;
        int blocks = (t + blockSize - 1) / blockSize;
        float[] out = new float[blocks];
        double total = 0;
        int realBlocks = 0;
        for (int b = 0; b < blocks; b++) {
            boolean real = false;
            for (int i = b * blockSize; i < Math.min(t, (b + 1) * blockSize); i++) {
                if (mask[i] != 0) {
                    out[b] += Math.abs(saliency[i]);
                    real = true;
                }
            }
            total += out[b];
            realBlocks += real ? 1 : 0;
        }
        for (int b = 0; b < blocks; b++) {
            if (total > 0) {
                out[b] = (float) (out[b] / total);
            } else {
                boolean real = false;
                for (int i = b * blockSize; i < Math.min(t, (b + 1) * blockSize); i++) {
                    real |= mask[i] != 0;
                }
                out[b] = real ? 1f / Math.max(1, realBlocks) : 0f;
            }
        }
        return out;
    }

    /**
     * The data-smoothness costs across each block boundary, in {@link PuzzleMixEnergy#build}'s layout for one
     * row: no vertical edges, {@code B - 1} horizontal ones, {@code [dir][a][b][edge]} with source 1 = own,
     * 0 = partner: the mean over the hidden dimension of {@code |h_a[last token of block e] - h_b[first of e+1]|}.
     *
     * @param self own hidden states, {@code [T][H]}
     * @param partner partner hidden states, {@code [T][H]}
     * @param blockSize tokens per block
     * @return the penalty
     */
    public static double[][][][] boundaryPenalty(float[][] self, float[][] partner, int blockSize) {
        int t = self.length;
        int blocks = (t + blockSize - 1) / blockSize;
        float[][][] src = {partner, self};
        double[][][][] out = new double[2][2][2][];
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 2; c++) {
                out[0][a][c] = new double[0];
                double[] w = new double[Math.max(0, blocks - 1)];
                for (int e = 0; e + 1 < blocks; e++) {
                    int last = (e + 1) * blockSize - 1;
                    int first = last + 1;
                    double sum = 0;
                    int h = self[0].length;
                    for (int k = 0; k < h; k++) {
                        sum += Math.abs(src[a][last][k] - src[c][first][k]);
                    }
                    w[e] = sum / h;
                }
                out[1][a][c] = w;
            }
        }
        return out;
    }

    /**
     * @param selfSaliency own token saliency
     * @param partnerSaliency partner token saliency
     * @param selfMask own padding mask
     * @param partnerMask partner padding mask
     * @param penalty from {@link #boundaryPenalty}, or null for no data smoothness
     * @param blockSize tokens per block
     * @param lam the drawn mixing weight
     * @param settings PuzzleMix's weights
     * @return the energy over the blocks
     */
    public static GridEnergy energy(float[] selfSaliency, float[] partnerSaliency, long[] selfMask, long[] partnerMask,
                                    double[][][][] penalty, int blockSize, double lam, PuzzleMixEnergy.Settings settings) {
        float[] a = blockSaliency(selfSaliency, selfMask, blockSize);
        float[] b = blockSaliency(partnerSaliency, partnerMask, blockSize);
        return PuzzleMixEnergy.build(1, a.length, a, b, penalty, lam, settings);
    }

    /**
     * @param blockMask the mask value of each block
     * @param blockSize tokens per block
     * @param length T
     * @return the mask value of each position
     */
    public static float[] tokenMask(float[] blockMask, int blockSize, int length) {
        float[] m = new float[length];
        for (int i = 0; i < length; i++) {
            m[i] = blockMask[i / blockSize];
        }
        return m;
    }

    /**
     * @param tokenMask the own share of each position
     * @param selfMask own padding mask
     * @param partnerMask partner padding mask
     * @return the mean of the mask over the positions real in either text (the mixed row's tokens)
     */
    public static float labelWeight(float[] tokenMask, long[] selfMask, long[] partnerMask) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < tokenMask.length; i++) {
            if (selfMask[i] != 0 || partnerMask[i] != 0) {
                sum += tokenMask[i];
                n++;
            }
        }
        return n == 0 ? 1f : (float) (sum / n);
    }

    /**
     * PuzzleMix's transport on one text's token blocks: the blocks made only of the text's interior tokens
     * (positions 1 .. L-2 of its L real tokens) are permuted by {@link BlockTransport#planChain} with the mask
     * values of their positions and their saliency (the block sums, normalised over those blocks to sum 1, or
     * uniform if all are 0); every other position keeps its own token.
     *
     * @param keep the share of this text in each block (the mask for the own text, 1 - mask for the partner)
     * @param saliency per position, this text's token saliency
     * @param mask this text's padding mask (1 = real token)
     * @param blockSize tokens per block
     * @param eps the distance weight {@code t_eps}
     * @return {@code source[t]}: the position of this text whose state goes to position t (a permutation)
     */
    public static int[] transport(float[] keep, float[] saliency, long[] mask, int blockSize, double eps) {
        int t = saliency.length;
        int real = 0;
        for (long v : mask) {
            real += v != 0 ? 1 : 0;
        }
        int[] source = new int[t];
        for (int i = 0; i < t; i++) {
            source[i] = i;
        }
        int first = (1 + blockSize - 1) / blockSize; // the first block starting at or after position 1
        int last = (real - 1) / blockSize - 1;        // the last block ending at or before position real - 2
        int n = last - first + 1;
        if (n < 2) {
            return source;
        }
        float[] m = new float[n];
        float[] sal = new float[n];
        double total = 0;
        for (int b = 0; b < n; b++) {
            m[b] = keep[first + b];
            for (int i = (first + b) * blockSize; i < (first + b + 1) * blockSize; i++) {
                sal[b] += Math.abs(saliency[i]);
            }
            total += sal[b];
        }
        for (int b = 0; b < n; b++) {
            sal[b] = total > 0 ? (float) (sal[b] / total) : 1f / n;
        }
        int[] plan = BlockTransport.planChain(m, sal, eps);
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < blockSize; k++) {
                source[(first + j) * blockSize + k] = (first + plan[j]) * blockSize + k;
            }
        }
        return source;
    }
}
