package io.mixkit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mixkit.image.ImageBatch;
import io.mixkit.mix.Scalars;
import io.mixkit.mix.SoftTargets;
import io.mixkit.train.BatchSource;
import io.mixkit.train.SaliencyPass;
import io.mixkit.train.StagedClassifier;

/**
 * Robustness to the fast gradient sign method (Goodfellow et al., ICLR 2015), as PuzzleMix reports
 * it: in evaluation mode, {@code x_adv = clip(x + eps * sign(grad_x CE(f(x), y)), 0, 1)} with pixels in
 * [0, 1], and the error is the share of {@code x_adv} misclassified. The gradient is taken with
 * respect to the normalised input (stage 0), which has the same sign as the pixel gradient.
 */
public final class Fgsm {

    private Fgsm() {}

    /**
     * One FGSM step; the parameters' gradients are not touched (the pass skips them).
     *
     * @param model the classifier, in evaluation mode
     * @param x images in [0, 1]
     * @param labels their classes
     * @param eps the step in pixel units
     * @param step where the arrays live
     * @return {@code clip(x + eps * sign(grad_x CE), 0, 1)}
     */
    public static ImageBatch perturb(StagedClassifier<ImageBatch> model, ImageBatch x, int[] labels, double eps, NDManager step) {
        NDArray grad = SaliencyPass.run(model, x, SoftTargets.oneHot(step, labels, model.numClasses()), step, false, 1f,
                false).gradient();
        return ImageBatch.of(x.toArray(step).add(Scalars.mul(grad.sign(), (float) eps)).clip(0, 1));
    }

    /**
     * @param model the classifier (its parameter gradients are zeroed afterwards)
     * @param data the test images
     * @param eps the step in pixel units (8/255 in the PuzzleMix evaluation)
     * @param batchSize images per pass
     * @return accuracy on the perturbed images
     */
    public static double accuracy(StagedClassifier<ImageBatch> model, BatchSource<ImageBatch> data, double eps, int batchSize) {
        int correct = 0;
        int n = data.size();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            int[] idx = new int[end - start];
            int[] labels = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
                labels[i] = data.label(start + i);
            }
            ImageBatch x = data.inputs(idx);
            try (NDManager step = model.parameters().manager().newSubManager()) {
                ImageBatch xAdv = perturb(model, x, labels, eps, step);
                long[] pred = model.logits(xAdv, step, false).argMax(1).toLongArray();
                for (int i = 0; i < pred.length; i++) {
                    if (pred[i] == labels[i]) {
                        correct++;
                    }
                }
            }
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }
}
