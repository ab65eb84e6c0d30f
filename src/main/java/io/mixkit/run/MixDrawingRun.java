package io.mixkit.run;

import ai.djl.ndarray.NDManager;
import io.mixkit.eval.MixPicture;
import io.mixkit.image.ImageBatch;
import io.mixkit.image.ImageCheckpoint;
import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.data.ImageBatchSource;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.image.strategy.DrawsMixes;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.image.strategy.MixDrawing;
import io.mixkit.image.strategy.PuzzleMix;
import io.mixkit.mix.Seeds;
import io.mixkit.train.Batch;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StagedClassifier;
import io.mixkit.train.StepContext;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.Trainer;
import io.mixkit.train.strategy.Erm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code visualize} as a library call: a method draws one mixing step on the first images of a data set,
 * and the drawing is written as a PNG. Methods that need a trained model's saliency (PuzzleMix) get the
 * model of {@code checkpoint}, or a small ResNet trained here for 2 epochs of ERM.
 */
public final class MixDrawingRun {

    /**
     * @param method a registered image method that implements {@link DrawsMixes}
     * @param options its options record
     * @param data image data (null: the embedded Fashion-MNIST images)
     * @param checkpoint an image checkpoint (a run folder or its checkpoint/), or null
     * @param pairs rows to draw
     * @param lam a fixed mixing weight, or NaN for the method's draw
     * @param seed seed of the draws (and of the quick model)
     * @param scale pixel enlargement
     * @param out the PNG
     * @param log progress
     */
    public record Settings(String method, Object options, String data, Path checkpoint, int pairs, float lam, long seed,
                           int scale, Path out, PrintWriter log) {}

    private MixDrawingRun() {}

    /**
     * @param s the settings
     * @return the drawing written
     * @throws IOException if data, the checkpoint or the PNG cannot be read or written
     */
    public static MixDrawing run(Settings s) throws IOException {
        MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, ?> spec = ImageMethods.REGISTRY.get(s.method());
        if (!DrawsMixes.class.isAssignableFrom(spec.strategyType())) {
            throw new IllegalArgumentException(s.method() + " cannot draw itself");
        }
        ImageDatasets.Splits splits = ImageDatasets.load(s.data(), 32);
        ImageDataset d = splits.train();
        if (d.size() < 2) {
            throw new IllegalArgumentException(splits.name() + ": at least 2 training images are needed");
        }
        if (s.options() instanceof PuzzleMix.Settings p) {
            p.checkImages(d.height(), d.width());
        }
        int n = Math.min(d.size(), 2 * s.pairs());
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        Batch<ImageBatch> batch = new ImageBatchSource(d).batch(idx);
        MixDrawing drawing;
        try (ResNetClassifier probe = s.checkpoint() == null ? smallResNet(d, s.seed())
                : ImageCheckpoint.load(s.checkpoint()).model();
             MixStrategy<ImageBatch> strategy = spec.create(s.options(), probe)) {
            DrawsMixes drawer = (DrawsMixes) strategy;
            if (drawer.drawingNeedsTrainedModel() && s.checkpoint() == null) {
                trainQuickly(probe, d, s.seed(), s.log());
            }
            try (NDManager sm = probe.parameters().manager().newSubManager()) {
                drawing = drawer.drawMixes(new StepContext<>(probe, sm, Seeds.random(s.seed()), 1, 1), batch, s.pairs(),
                        s.lam(), d.classNames());
            }
        }
        MixPicture.write(s.out(), drawing.title() + " on " + splits.name(), drawing.columns(), drawing.rows(), s.scale());
        return drawing;
    }

    private static ResNetClassifier smallResNet(ImageDataset d, long seed) {
        ImageDataset train = d.first(2000);
        return new ResNetClassifier(ResNetClassifier.Architecture.SMALL, train.channels(), train.classNames().size(),
                train.channelMean(), train.channelStd(), seed);
    }

    /** A few seconds of ERM, so that PuzzleMix's saliency means something without a checkpoint. */
    private static void trainQuickly(ResNetClassifier model, ImageDataset d, long seed, PrintWriter log) throws IOException {
        ImageDataset train = d.first(2000);
        log.println("visualize: no --checkpoint; training a small ResNet on " + train.size()
                + " images for 2 epochs for PuzzleMix's saliency");
        log.flush();
        TrainConfig cfg = TrainConfig.defaults().withEpochs(2).withBatchSize(64).withLearningRates(2e-3, 2e-3).withSeed(seed);
        try (Erm<ImageBatch> erm = new Erm<>()) {
            new Trainer<ImageBatch>(model, erm, cfg).fit(new ImageBatchSource(train));
        }
    }
}
