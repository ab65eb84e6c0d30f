package io.mixkit.mix;

/**
 * The PuzzleMix mask energy (Kim, Choo &amp; Song, "Puzzle Mix: Exploiting Saliency and Local Statistics
 * for Optimal Mixup", ICML 2020, eq. 3), on a grid of blocks or a 1-D chain of tokens.
 *
 * <p>Label {@code k} of {@code L} is the mask value {@code m_k = k / (L-1)}, the share of the block taken
 * from the row's own image. With normalised block saliencies {@code s} (own) and {@code s'} (partner):
 * <pre>
 *   unary(p, k) = m_k * s'_p + (1 - m_k) * s_p + prior_k           (the saliency thrown away costs)
 *   prior_k     = -eta / g^2 * log( C(L-1, k) lam^k (1-lam)^(L-1-k) + 1e-8 )   (binomial around lam)
 *   pairwise    = (beta / g / 16 + beta / g / 16 * gamma * d_pq) * (m_{f_p} - m_{f_q})^2
 * </pre>
 * {@code g} is the number of blocks per side. {@code d_pq} is the data-smoothness term: how much the
 * boundary pixels of two neighbouring blocks differ depending on which image each comes from
 * ({@link #neighbourPenalty}); as in the reference it is split into a symmetric pairwise weight and
 * per-node unary corrections, and a negative weight is clamped to zero so every move stays a min-cut.
 * The mask value order ({@code 0, 0.5, 1} for {@code L = 3}) differs from gco's label order in the
 * reference only by naming; the energy is the same.
 */
public final class PuzzleMixEnergy {

    private PuzzleMixEnergy() {}

    /**
     * Settings of the energy.
     *
     * @param labels number of mask values L (2..)
     * @param beta label smoothness (reference 1.2)
     * @param gamma data smoothness relative to beta (reference 0.5)
     * @param eta prior weight (reference 0.2)
     */
    public record Settings(int labels, double beta, double gamma, double eta) {
        /** Validates the ranges. */
        public Settings {
            if (labels < 2) {
                throw new IllegalArgumentException("n_labels must be at least 2, got " + labels);
            }
            if (beta < 0 || gamma < 0 || eta < 0) {
                throw new IllegalArgumentException("beta, gamma and eta must be non-negative");
            }
        }
    }

    /**
     * The data-smoothness costs between neighbouring blocks for each choice of source images, from
     * images average-pooled to cells ({@code k} cells per block side).
     *
     * @param self own image pooled, {@code [C][P][P]}
     * @param partner partner image pooled, {@code [C][P][P]}
     * @param k pooled cells per block side ({@code P = g * k})
     * @return {@code [2][2][...]} indexed [top/left source][bottom/right source] (1 = own, 0 = partner),
     *     first the vertical edges ({@code (g-1)*g}), then the horizontal ones ({@code g*(g-1)}): {@code [dir][a][b][edge]}
     */
    public static double[][][][] neighbourPenalty(float[][][] self, float[][][] partner, int k) {
        int p = self[0].length;
        int g = p / k;
        double[][][][] out = new double[2][2][2][];
        float[][][][] img = {partner, self};
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                out[0][a][b] = boundary(img[a], img[b], k, g, true);
                out[1][a][b] = boundary(img[a], img[b], k, g, false);
            }
        }
        return out;
    }

    /** Mean |first - second| across the boundary rows (vertical) or columns, per block edge. */
    private static double[] boundary(float[][][] first, float[][][] second, int k, int g, boolean vertical) {
        int channels = first.length;
        double[] w = new double[(g - 1) * g];
        for (int r = 0; r + 1 < g; r++) {
            int i = (r + 1) * k - 1; // last cell of block r; the next block starts at i + 1
            for (int c = 0; c < g; c++) {
                double sum = 0;
                for (int ch = 0; ch < channels; ch++) {
                    for (int j = c * k; j < (c + 1) * k; j++) {
                        sum += vertical ? Math.abs(first[ch][i][j] - second[ch][i + 1][j])
                                : Math.abs(first[ch][j][i] - second[ch][j][i + 1]);
                    }
                }
                // vertical edges are stored row-major over (r, c); horizontal ones over (row c, column r)
                int at = vertical ? r * g + c : c * (g - 1) + r;
                w[at] = sum / channels / k;
            }
        }
        return w;
    }

    /**
     * Builds the energy of one pair on a {@code rows x cols} grid.
     *
     * @param rows grid rows (1 for a token chain)
     * @param cols grid columns
     * @param selfSaliency own block saliency, normalised to sum 1
     * @param partnerSaliency partner block saliency, normalised to sum 1
     * @param penalty data-smoothness costs from {@link #neighbourPenalty}, or null for none
     * @param lam the sampled mixing weight
     * @param s the settings
     * @return the energy; label k means mask value {@code k/(L-1)}
     */
    public static GridEnergy build(int rows, int cols, float[] selfSaliency, float[] partnerSaliency,
                                   double[][][][] penalty, double lam, Settings s) {
        int n = rows * cols;
        int blocks = Math.max(rows, cols);
        int labels = s.labels();
        double betaN = s.beta() / blocks / 16;
        double[] keepSelf = new double[n];    // cost of m = 1: the partner's saliency is lost
        double[] keepPartner = new double[n]; // cost of m = 0
        for (int p = 0; p < n; p++) {
            keepSelf[p] = partnerSaliency[p];
            keepPartner[p] = selfSaliency[p];
        }
        double[] vertical = new double[(rows - 1) * cols];
        double[] horizontal = new double[rows * (cols - 1)];
        java.util.Arrays.fill(vertical, betaN);
        java.util.Arrays.fill(horizontal, betaN);
        if (penalty != null && s.gamma() > 0) {
            double scale = betaN * s.gamma();
            split(penalty[0], scale, vertical, keepSelf, keepPartner, cols, true);
            split(penalty[1], scale, horizontal, keepSelf, keepPartner, cols, false);
        }
        double[] prior = prior(lam, labels, s.eta() / n); // eta / g^2 on a g x g grid
        double[][] unary = new double[n][labels];
        double[][] labelCost = new double[labels][labels];
        for (int k = 0; k < labels; k++) {
            double m = (double) k / (labels - 1);
            for (int p = 0; p < n; p++) {
                unary[p][k] = m * keepSelf[p] + (1 - m) * keepPartner[p] + prior[k];
            }
            for (int j = 0; j < labels; j++) {
                double d = (double) (k - j) / (labels - 1);
                labelCost[k][j] = d * d;
            }
        }
        return new GridEnergy(rows, cols, unary, labelCost, vertical, horizontal);
    }

    /**
     * Reparameterises the 2x2 boundary costs into unary corrections and one symmetric weight, as the
     * reference does: the first node of an edge pays {@code (pw[a][0] + pw[a][1]) / 2} for source a, the
     * second {@code (pw[0][b] + pw[1][b]) / 2}, and the edge {@code (pw10 + pw01 - pw11 - pw00) / 2}.
     */
    private static void split(double[][][] pw, double scale, double[] weights, double[] keepSelf,
                              double[] keepPartner, int cols, boolean vertical) {
        for (int e = 0; e < weights.length; e++) {
            int first;
            int second;
            if (vertical) {
                first = e;
                second = e + cols;
            } else {
                int r = e / (cols - 1);
                int c = e % (cols - 1);
                first = r * cols + c;
                second = first + 1;
            }
            double p00 = scale * pw[0][0][e];
            double p01 = scale * pw[0][1][e];
            double p10 = scale * pw[1][0][e];
            double p11 = scale * pw[1][1][e];
            keepSelf[first] += (p10 + p11) / 2;
            keepPartner[first] += (p00 + p01) / 2;
            keepSelf[second] += (p01 + p11) / 2;
            keepPartner[second] += (p00 + p10) / 2;
            weights[e] = Math.max(0, weights[e] + (p10 + p01 - p11 - p00) / 2);
        }
    }

    /**
     * The binomial prior over mask values.
     *
     * @param lam the sampled weight
     * @param labels L
     * @param scale {@code eta / g^2}
     * @return {@code prior[k] = -scale * log(C(L-1,k) lam^k (1-lam)^(L-1-k) + 1e-8)}
     */
    public static double[] prior(double lam, int labels, double scale) {
        int n = labels - 1;
        double[] prior = new double[labels];
        for (int k = 0; k <= n; k++) {
            double p = binomial(n, k) * Math.pow(lam, k) * Math.pow(1 - lam, n - k);
            prior[k] = -scale * Math.log(p + 1e-8);
        }
        return prior;
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }

    /**
     * @param labeling labels from the solver
     * @param labels L
     * @return the mask value {@code k/(L-1)} of each node
     */
    public static float[] maskValues(int[] labeling, int labels) {
        float[] m = new float[labeling.length];
        for (int p = 0; p < m.length; p++) {
            m[p] = (float) labeling[p] / (labels - 1);
        }
        return m;
    }
}
