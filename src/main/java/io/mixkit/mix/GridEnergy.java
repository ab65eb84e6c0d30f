package io.mixkit.mix;

import java.util.Arrays;

/**
 * A discrete labeling energy on a 4-connected grid (a 2-D grid of blocks, or a 1-D chain when
 * {@code rows == 1}):
 * <pre>
 *   E(f) = sum_p unary[p][f_p] + sum_{(p,q) edges} w_pq * labelCost[f_p][f_q]
 * </pre>
 * Node {@code p = r * cols + c}. Vertical edge weights join {@code (r, c)} and {@code (r+1, c)}, stored at
 * {@code r * cols + c} ({@code (rows-1) * cols} of them); horizontal ones join {@code (r, c)} and
 * {@code (r, c+1)}, stored at {@code r * (cols-1) + c} ({@code rows * (cols-1)}). The label cost must be a
 * semi-metric (symmetric, zero on the diagonal, non-negative) for alpha-beta swap moves to be min-cuts;
 * edge weights must be non-negative.
 *
 * @param rows grid rows
 * @param cols grid columns
 * @param unary cost of each label at each node, {@code [rows*cols][labels]}
 * @param labelCost {@code [labels][labels]} semi-metric between labels
 * @param vertical weights of vertical edges
 * @param horizontal weights of horizontal edges
 */
public record GridEnergy(int rows, int cols, double[][] unary, double[][] labelCost, double[] vertical,
                         double[] horizontal) {

    /** Checks shapes, symmetry and signs, naming what is wrong. */
    public GridEnergy {
        int n = rows * cols;
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("grid must be at least 1x1, got " + rows + "x" + cols);
        }
        if (unary.length != n) {
            throw new IllegalArgumentException("unary has " + unary.length + " nodes, expected " + n);
        }
        int labels = labelCost.length;
        for (int p = 0; p < n; p++) {
            if (unary[p].length != labels) {
                throw new IllegalArgumentException("unary[" + p + "] has " + unary[p].length + " labels, expected " + labels);
            }
        }
        for (int a = 0; a < labels; a++) {
            if (labelCost[a][a] != 0) {
                throw new IllegalArgumentException("labelCost[" + a + "][" + a + "] must be 0");
            }
            for (int b = 0; b < labels; b++) {
                if (labelCost[a][b] != labelCost[b][a] || labelCost[a][b] < 0) {
                    throw new IllegalArgumentException("labelCost must be symmetric and non-negative at [" + a + "][" + b + "]");
                }
            }
        }
        if (vertical.length != (rows - 1) * cols || horizontal.length != rows * (cols - 1)) {
            throw new IllegalArgumentException("edge weights: " + vertical.length + " vertical and " + horizontal.length
                    + " horizontal, expected " + (rows - 1) * cols + " and " + rows * (cols - 1));
        }
        for (double w : vertical) {
            requireWeight(w);
        }
        for (double w : horizontal) {
            requireWeight(w);
        }
    }

    private static void requireWeight(double w) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("edge weights must be finite and non-negative, got " + w);
        }
    }

    /** @return number of nodes */
    public int size() {
        return rows * cols;
    }

    /** @return number of labels */
    public int labels() {
        return labelCost.length;
    }

    /**
     * @param f a label per node
     * @return {@code E(f)}
     */
    public double energy(int[] f) {
        double e = 0;
        for (int p = 0; p < size(); p++) {
            e += unary[p][f[p]];
        }
        for (int r = 0; r + 1 < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int p = r * cols + c;
                e += vertical[p] * labelCost[f[p]][f[p + cols]];
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c + 1 < cols; c++) {
                int p = r * cols + c;
                e += horizontal[r * (cols - 1) + c] * labelCost[f[p]][f[p + 1]];
            }
        }
        return e;
    }

    /**
     * Calls {@code visit(q, w)} for each neighbour {@code q} of node {@code p} with edge weight {@code w}.
     *
     * @param p a node
     * @param visit the callback
     */
    public void forEachNeighbour(int p, NeighbourVisitor visit) {
        int r = p / cols;
        int c = p % cols;
        if (r > 0) {
            visit.accept(p - cols, vertical[p - cols]);
        }
        if (r + 1 < rows) {
            visit.accept(p + cols, vertical[p]);
        }
        if (c > 0) {
            visit.accept(p - 1, horizontal[r * (cols - 1) + c - 1]);
        }
        if (c + 1 < cols) {
            visit.accept(p + 1, horizontal[r * (cols - 1) + c]);
        }
    }

    /** A neighbour and the weight of the edge to it. */
    @FunctionalInterface
    public interface NeighbourVisitor {
        /** @param q neighbour node @param weight edge weight */
        void accept(int q, double weight);
    }

    /** @return per node, the label with the smallest unary cost (a starting labeling) */
    public int[] unaryArgmin() {
        int[] f = new int[size()];
        for (int p = 0; p < f.length; p++) {
            double best = Double.POSITIVE_INFINITY;
            for (int l = 0; l < labels(); l++) {
                if (unary[p][l] < best) {
                    best = unary[p][l];
                    f[p] = l;
                }
            }
        }
        return f;
    }

    @Override
    public String toString() {
        return "GridEnergy[" + rows + "x" + cols + ", " + labels() + " labels, labelCost " + Arrays.deepToString(labelCost) + "]";
    }
}
