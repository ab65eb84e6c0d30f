package io.mixkit.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.eval.Fgsm;
import io.mixkit.eval.LearningCurve;
import io.mixkit.eval.MetricsLog;
import io.mixkit.eval.Report;
import io.mixkit.image.ImageBatch;
import io.mixkit.image.ImageCheckpoint;
import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.augment.CropFlip;
import io.mixkit.image.data.ImageBatchSource;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.image.strategy.Augmented;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.train.ClassificationMetrics;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.Predictions;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.FitRequest;
import io.mixkit.train.NonFinitePolicy;
import io.mixkit.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image training run, end to end: data, the pre-activation ResNet, the method (after crop and flip),
 * the loop, then the test report with FGSM robustness, the checkpoint, the metrics log and the
 * learning curve in the output folder.
 */
final class ImageTrainingRun {

    /**
     * Everything a run needs, resolved from the command line and the preset.
     *
     * @param method method name
     * @param arch architecture
     * @param data the {@code --data} value
     * @param config loop settings
     * @param mix method settings
     * @param padTo pad images to this side
     * @param cropPadding random-crop padding
     * @param flip random flips
     * @param trainSize cap on training images (0 = all)
     * @param testSize cap on test images (0 = all)
     * @param validSize training images held out for validation
     * @param fgsmEps FGSM radius in 1/255 (0 = skip)
     * @param preset preset name
     */
    record Settings(String method, ResNetClassifier.Architecture arch, String data, TrainConfig config,
                    ImageMethods.Settings mix, int padTo, int cropPadding, boolean flip, int trainSize, int testSize,
                    int validSize, double fgsmEps, String preset, NonFinitePolicy onNonFinite) {

        Settings withMethod(String m) {
            return new Settings(m, arch, data, config, mix, padTo, cropPadding, flip, trainSize, testSize, validSize,
                    fgsmEps, preset, onNonFinite);
        }
    }

    /**
     * What a run measured.
     *
     * @param metrics clean test metrics
     * @param fgsmAccuracy accuracy under FGSM (NaN when skipped)
     */
    record Result(ClassificationMetrics metrics, double fgsmAccuracy) {}

    private ImageTrainingRun() {}

    static Result run(Settings s, Path out, boolean resume, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        ImageDatasets.Splits splits = ImageDatasets.load(s.data(), s.padTo());
        if (s.padTo() > 0 && (splits.train().height() > s.padTo() || splits.train().width() > s.padTo())) {
            throw new IllegalArgumentException("--pad-to " + s.padTo() + " is smaller than the " + splits.train().width() + "x"
                    + splits.train().height() + " images of " + splits.name() + " (0 = no padding)");
        }
        ImageDataset all = splits.train();
        if (s.trainSize() > 0) {
            all = all.first(s.trainSize());
        }
        ImageDataset test = s.testSize() > 0 ? splits.test().first(s.testSize()) : splits.test();
        ImageDataset train = all;
        ImageDataset valid = null;
        if (s.validSize() > 0) {
            if (s.validSize() >= all.size()) {
                throw new IllegalArgumentException("--valid-size " + s.validSize() + " leaves no training images (there are " + all.size() + ")");
            }
            train = slice(all, 0, all.size() - s.validSize());
            valid = slice(all, all.size() - s.validSize(), all.size());
        }
        if (s.method().equals("puzzlemix")) {
            s.mix().puzzle().checkImages(train.height(), train.width());
        }
        err.printf("%s: %d training images, %d validation, %d test, %d classes, %dx%dx%d; model %s%n", s.method(),
                train.size(), valid == null ? 0 : valid.size(), test.size(), train.classNames().size(), train.channels(),
                train.height(), train.width(), s.arch().name());
        err.flush();
        Engine.getInstance().setRandomSeed((int) s.config().seed());
        float[] mean = train.channelMean();
        float[] std = train.channelStd();
        try (ResNetClassifier model = new ResNetClassifier(s.arch(), train.channels(), train.classNames().size(),
                mean, std, s.config().seed());
             MixStrategy<ImageBatch> strategy = new Augmented(ImageMethods.create(s.method(), s.mix(), model),
                     new CropFlip(s.cropPadding(), s.flip()))) {
            Path metrics = out.resolve("metrics.jsonl");
            Trainer<ImageBatch> trainer = new Trainer<>(model, strategy, s.config())
                    .onNonFinite(s.onNonFinite())
                    .addListener(new ProgressBar(err, s.method()))
                    .addListener(new MetricsLog(metrics));
            ImageBatchSource testSrc = new ImageBatchSource(test);
            Trainer.Outcome outcome = trainer.fit(FitRequest.builder(new ImageBatchSource(train))
                    .optValidation(valid == null ? null : new ImageBatchSource(valid))
                    .optStateDir(out.resolve("state")).optResume(resume).build());
            ClassificationMetrics m = Predictions.of(model, testSrc, 256).metrics();
            double fgsm = s.fgsmEps() > 0 ? Fgsm.accuracy(model, testSrc, s.fgsmEps() / 255, 256) : Double.NaN;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("task", "image");
            facts.put("method", s.method());
            facts.put("arch", s.arch().name());
            facts.put("preset", s.preset());
            facts.put("seed", s.config().seed());
            facts.put("config", s.config());
            facts.put("mix", s.mix());
            facts.put("augmentation", Map.of("crop_padding", s.cropPadding(), "flip", s.flip(), "pad_to", s.padTo()));
            facts.put("data", Map.of("data", splits.name(), "train_images", train.size(),
                    "valid_images", valid == null ? 0 : valid.size(), "test_images", test.size()));
            if (!Double.isNaN(fgsm)) {
                facts.put("fgsm", Map.of("eps_255", s.fgsmEps(), "accuracy", fgsm, "error", 1 - fgsm));
            }
            facts.put("training", Map.of("steps", outcome.steps(), "best_step", outcome.bestStep(),
                    "best_valid_accuracy", Double.isNaN(outcome.bestAccuracy()) ? -1 : outcome.bestAccuracy(),
                    "stopped_early", outcome.stoppedEarly(), "skipped_non_finite_steps", outcome.skippedSteps(),
                    "seconds", (System.nanoTime() - t0) / 1e9));
            ObjectNode report = Report.toJson(m, train.classNames(), facts);
            Report.write(out.resolve("report.json"), report);
            ImageCheckpoint.save(out.resolve("checkpoint"), model, train.classNames(), train.height(), mean,
                    std, Map.of("method", s.method(), "seed", s.config().seed(), "data", splits.name()));
            LearningCurve.plot(metrics, out.resolve("learning-curve.png"), s.method() + " on " + splits.name() + " (" + s.arch().name() + ")");
            return new Result(m, fgsm);
        }
    }

    private static ImageDataset slice(ImageDataset d, int from, int to) {
        int len = d.imageLength();
        return new ImageDataset(java.util.Arrays.copyOfRange(d.pixels(), from * len, to * len),
                java.util.Arrays.copyOfRange(d.labels(), from, to), d.classNames(), d.channels(), d.height(), d.width(), d.source());
    }
}
