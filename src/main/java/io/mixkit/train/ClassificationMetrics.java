package io.mixkit.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Classification metrics from predicted probabilities: accuracy, macro-F1, per-class precision and
 * recall, confusion matrix, and expected calibration error.
 *
 * <p>ECE (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017):
 * {@code sum_b |B_b|/n * |acc(B_b) - conf(B_b)|} over {@code bins} equal-width confidence bins
 * (15 by default), confidence = the top probability. Macro-F1 averages per-class F1, counting a class
 * that is never predicted and never present as absent (not as F1 = 0).
 *
 * @param n examples
 * @param accuracy share of correct top-1 predictions
 * @param macroF1 mean per-class F1 over classes present in labels or predictions
 * @param precision per class (NaN when a class is never predicted)
 * @param recall per class (NaN when a class never occurs)
 * @param f1 per class
 * @param support examples per true class
 * @param confusion [true][predicted] counts
 * @param ece expected calibration error
 * @param meanLoss mean cross-entropy of the true class
 */
public record ClassificationMetrics(int n, double accuracy, double macroF1, double[] precision, double[] recall,
                                    double[] f1, int[] support, int[][] confusion, double ece, double meanLoss) {

    /** Default number of calibration bins. */
    public static final int ECE_BINS = 15;

    /**
     * @param labels true class per example
     * @param probabilities [n][C] predicted distributions
     * @return the metrics
     */
    public static ClassificationMetrics compute(int[] labels, float[][] probabilities) {
        int n = labels.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot compute metrics on zero examples");
        }
        int c = probabilities[0].length;
        int[][] confusion = new int[c][c];
        double[] binConf = new double[ECE_BINS];
        double[] binAcc = new double[ECE_BINS];
        int[] binCount = new int[ECE_BINS];
        int correct = 0;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            float[] p = probabilities[i];
            int pred = 0;
            for (int k = 1; k < c; k++) {
                if (p[k] > p[pred]) {
                    pred = k;
                }
            }
            confusion[labels[i]][pred]++;
            boolean ok = pred == labels[i];
            if (ok) {
                correct++;
            }
            loss -= Math.log(Math.max(p[labels[i]], 1e-12));
            int bin = Math.min(ECE_BINS - 1, (int) (p[pred] * ECE_BINS));
            binCount[bin]++;
            binConf[bin] += p[pred];
            binAcc[bin] += ok ? 1 : 0;
        }
        double ece = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (binCount[b] > 0) {
                ece += (double) binCount[b] / n * Math.abs(binAcc[b] / binCount[b] - binConf[b] / binCount[b]);
            }
        }
        double[] precision = new double[c];
        double[] recall = new double[c];
        double[] f1 = new double[c];
        int[] support = new int[c];
        double f1Sum = 0;
        int present = 0;
        for (int k = 0; k < c; k++) {
            int tp = confusion[k][k];
            int predicted = 0;
            int actual = 0;
            for (int j = 0; j < c; j++) {
                predicted += confusion[j][k];
                actual += confusion[k][j];
            }
            support[k] = actual;
            precision[k] = predicted == 0 ? Double.NaN : (double) tp / predicted;
            recall[k] = actual == 0 ? Double.NaN : (double) tp / actual;
            f1[k] = predicted + actual == 0 ? Double.NaN : 2.0 * tp / (predicted + actual);
            if (predicted + actual > 0) {
                f1Sum += f1[k];
                present++;
            }
        }
        return new ClassificationMetrics(n, (double) correct / n, f1Sum / present, precision, recall, f1, support,
                confusion, ece, loss / n);
    }

    /** @return per-class rows for reports: support, precision, recall, F1 */
    public List<double[]> perClass() {
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < support.length; k++) {
            rows.add(new double[] {support[k], precision[k], recall[k], f1[k]});
        }
        return rows;
    }
}
