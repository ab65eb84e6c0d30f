package io.mixkit.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

/** The alpha-beta swap solver against exhaustive search, and PuzzleMix energies built from real images. */
class GraphCutTest {

    /** The minimum over all labelings, by enumeration. */
    static double exhaustive(GridEnergy e) {
        int n = e.size();
        int labels = e.labels();
        int[] f = new int[n];
        double best = Double.POSITIVE_INFINITY;
        long total = Math.round(Math.pow(labels, n));
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int p = 0; p < n; p++) {
                f[p] = (int) (c % labels);
                c /= labels;
            }
            best = Math.min(best, e.energy(f));
        }
        return best;
    }

    /** PuzzleMix energies with random saliency, lam and boundary costs; smoothness up to {@code betaScale} times the reference. */
    static GridEnergy puzzleEnergy(int rows, int cols, double betaScale, UniformRandomProvider rng) {
        float[] self = randomSaliency(rows * cols, rng);
        float[] partner = randomSaliency(rows * cols, rng);
        double lam = rng.nextDouble();
        var s = new PuzzleMixEnergy.Settings(3, 1.2 * (1 + (betaScale - 1) * rng.nextDouble()), rng.nextDouble(),
                0.2 + rng.nextDouble());
        double[][][][] pen = rows > 1 && rows == cols ? randomPenalty(rows, rng) : null;
        return PuzzleMixEnergy.build(rows, cols, self, partner, pen, lam, s);
    }

    private static final int[][] SHAPES = {{1, 3}, {2, 2}, {2, 3}, {3, 3}, {1, 9}};

    @Test
    void exactSolverFindsTheExhaustiveOptimumOnEveryLabelingOfSmallGrids() {
        UniformRandomProvider rng = Seeds.random(7);
        for (int[] shape : SHAPES) {
            for (int trial = 0; trial < 60; trial++) {
                // smoothness up to 40x the reference, so that it fights the saliency
                GridEnergy e = puzzleEnergy(shape[0], shape[1], 40, rng);
                assertEquals(exhaustive(e), e.energy(ConvexLabeling.minimise(e)), 1e-9,
                        "grid " + shape[0] + "x" + shape[1] + " trial " + trial);
            }
        }
    }

    @Test
    void swapFindsTheExhaustiveOptimumAtTheReferenceSettingsAndNeverBeatsTheExactSolver() {
        UniformRandomProvider rng = Seeds.random(8);
        int stuck = 0;
        for (int[] shape : SHAPES) {
            for (int trial = 0; trial < 60; trial++) {
                GridEnergy reference = puzzleEnergy(shape[0], shape[1], 1, rng);
                assertEquals(exhaustive(reference), reference.energy(AlphaBetaSwap.minimise(reference)), 1e-9,
                        "grid " + shape[0] + "x" + shape[1] + " trial " + trial);
                GridEnergy strong = puzzleEnergy(shape[0], shape[1], 40, rng);
                double swap = strong.energy(AlphaBetaSwap.minimise(strong));
                double exact = strong.energy(ConvexLabeling.minimise(strong));
                assertTrue(exact <= swap + 1e-12);
                stuck += swap > exact + 1e-9 ? 1 : 0;
            }
        }
        // with 40x the reference smoothness, swap moves do stop at local minima now and then
        assertTrue(stuck > 0 && stuck < 150, "swap stuck in " + stuck + " of 300");
    }

    @Test
    void swapFindsTheOptimumOfGeneralPottsAndQuadraticEnergies() {
        UniformRandomProvider rng = Seeds.random(11);
        for (int trial = 0; trial < 100; trial++) {
            int rows = 1 + rng.nextInt(3);
            int cols = 1 + rng.nextInt(3);
            int n = rows * cols;
            double[][] unary = new double[n][3];
            for (double[] u : unary) {
                for (int l = 0; l < 3; l++) {
                    u[l] = rng.nextDouble();
                }
            }
            double[][] cost = trial % 2 == 0 ? new double[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}
                    : new double[][] {{0, 0.25, 1}, {0.25, 0, 0.25}, {1, 0.25, 0}};
            double[] v = new double[(rows - 1) * cols];
            double[] h = new double[rows * (cols - 1)];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.3 * rng.nextDouble();
            }
            for (int i = 0; i < h.length; i++) {
                h[i] = 0.3 * rng.nextDouble();
            }
            GridEnergy e = new GridEnergy(rows, cols, unary, cost, v, h);
            assertEquals(exhaustive(e), e.energy(AlphaBetaSwap.minimise(e)), 1e-9, "trial " + trial);
        }
    }

    @Test
    void a16x16MaskFromRealImagesIsAValidLabelingAndALocalMinimum() throws Exception {
        ImageDataset d = ImageDatasets.load(null, 32).train().first(2);
        float[] a = d.pixels().clone();
        float[] x1 = java.util.Arrays.copyOfRange(a, 0, 1024);
        float[] x2 = java.util.Arrays.copyOfRange(a, 1024, 2048);
        // the pixel intensity stands in for saliency; the energy is PuzzleMix's with the reference settings
        float[] s1 = GridMasks.poolNormalised(x1, 32, 16);
        float[] s2 = GridMasks.poolNormalised(x2, 32, 16);
        var pen = PuzzleMixEnergy.neighbourPenalty(GridMasks.pool3d(x1, 1, 32, 16), GridMasks.pool3d(x2, 1, 32, 16), 1);
        GridEnergy e = PuzzleMixEnergy.build(16, 16, s1, s2, pen, 0.5, new PuzzleMixEnergy.Settings(3, 1.2, 0.5, 0.2));
        int[] start = e.unaryArgmin();
        int[] f = AlphaBetaSwap.minimise(e);
        int[] exact = ConvexLabeling.minimise(e);
        assertTrue(e.energy(exact) <= e.energy(f) + 1e-12);
        assertEquals(256, exact.length);
        assertEquals(256, f.length);
        for (int l : f) {
            assertTrue(l >= 0 && l < 3);
        }
        assertTrue(e.energy(f) <= e.energy(start) + 1e-12);
        // no single-node change lowers the energy (a local minimum in the strongest sense a swap implies)
        double best = e.energy(f);
        for (int p = 0; p < 256; p++) {
            int keep = f[p];
            for (int l = 0; l < 3; l++) {
                f[p] = l;
                assertTrue(e.energy(f) >= best - 1e-12, "node " + p + " label " + l);
            }
            f[p] = keep;
        }
    }

    @Test
    void priorIsTheBinomialAroundLambda() {
        double[] p = PuzzleMixEnergy.prior(0.3, 3, 0.2 / 16);
        assertEquals(-0.2 / 16 * Math.log(0.49 + 1e-8), p[0], 1e-12); // m = 0: (1 - lam)^2
        assertEquals(-0.2 / 16 * Math.log(0.42 + 1e-8), p[1], 1e-12); // m = 0.5: 2 lam (1 - lam)
        assertEquals(-0.2 / 16 * Math.log(0.09 + 1e-8), p[2], 1e-12); // m = 1: lam^2
    }

    @Test
    void unaryCostsTheSaliencyThrownAway() {
        float[] self = {0.7f, 0.3f};
        float[] partner = {0.1f, 0.9f};
        GridEnergy e = PuzzleMixEnergy.build(1, 2, self, partner, null, 0.5, new PuzzleMixEnergy.Settings(3, 0, 0, 0));
        assertEquals(0.7, e.unary()[0][0], 1e-7); // m = 0 drops own saliency
        assertEquals(0.1, e.unary()[0][2], 1e-7); // m = 1 drops the partner's
        assertEquals(0.4, e.unary()[0][1], 1e-7);
        // with lam = 0.5 the pair favours keeping the partner in block 1 and the own image in block 0
        assertEquals(java.util.List.of(2, 0), java.util.Arrays.stream(AlphaBetaSwap.minimise(e)).boxed().toList());
    }

    private static float[] randomSaliency(int n, UniformRandomProvider rng) {
        float[] s = new float[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            s[i] = (float) rng.nextDouble();
            sum += s[i];
        }
        for (int i = 0; i < n; i++) {
            s[i] /= (float) sum;
        }
        return s;
    }

    private static double[][][][] randomPenalty(int g, UniformRandomProvider rng) {
        double[][][][] pen = new double[2][2][2][(g - 1) * g];
        for (double[][][] dir : pen) {
            for (double[][] a : dir) {
                for (double[] b : a) {
                    for (int i = 0; i < b.length; i++) {
                        b[i] = rng.nextDouble();
                    }
                }
            }
        }
        return pen;
    }
}
