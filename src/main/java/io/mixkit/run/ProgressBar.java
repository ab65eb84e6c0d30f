package io.mixkit.run;

import io.mixkit.train.TrainingListener;

import java.io.PrintWriter;

/**
 * A progress line on stderr: step, epoch, bar, loss (20-step mean), examples/s and ETA. Redrawn in
 * place on a terminal; on a pipe or log file, one line every 5% of the run.
 */
public final class ProgressBar implements TrainingListener {

    private final PrintWriter err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private long start;
    private long startStep;
    private long lastPrintedBucket = -1;
    private final double[] losses = new double[20];
    private int seen;

    /** @param err where the bar goes @param label the run's name on it */
    public ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        this.start = System.nanoTime();
        this.startStep = startStep;
        if (startStep > 0) {
            err.println(label + ": resuming at step " + startStep + " of " + totalSteps);
        }
    }

    @Override
    public void onStep(Step s) {
        losses[seen++ % losses.length] = s.loss();
        int k = Math.min(seen, losses.length);
        double mean = 0;
        for (int i = 0; i < k; i++) {
            mean += losses[i];
        }
        mean /= k;
        double elapsed = (System.nanoTime() - start) / 1e9;
        long done = s.step() - startStep;
        double eta = done == 0 ? 0 : elapsed / done * (s.totalSteps() - s.step());
        int width = 24;
        int filled = (int) (width * s.step() / Math.max(1, s.totalSteps()));
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        String line = String.format("%s epoch %d [%s] %d/%d loss %.4f %.1f ex/s ETA %s", label, s.epoch(), bar,
                s.step(), s.totalSteps(), mean, s.examplesPerSecond(), duration(eta));
        long bucket = 20 * s.step() / Math.max(1, s.totalSteps());
        if (terminal) {
            err.print("\r" + line);
            if (s.step() == s.totalSteps()) {
                err.println();
            }
            err.flush();
        } else if (bucket != lastPrintedBucket || s.step() == s.totalSteps()) {
            lastPrintedBucket = bucket;
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void onEvaluation(Evaluation e) {
        if (terminal) {
            err.println();
        }
        err.printf("%s step %d: validation accuracy %.4f, macro-F1 %.4f%s%n", label, e.step(),
                e.metrics().accuracy(), e.metrics().macroF1(), e.best() ? " (best so far, kept)" : "");
        err.flush();
    }

    @Override
    public void onEnd(long stepsDone, boolean stoppedEarly) {
        if (stoppedEarly) {
            err.println(label + ": stopped early at step " + stepsDone + " (no improvement)");
        }
        err.flush();
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
